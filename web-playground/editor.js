// The playground's SQL editor: CodeMirror 6 (from npm, bundled into vendor/editor.js by
// scripts/env.sh `build_playground`, so the page needs no network), with line numbers, SQL
// highlighting in the chosen dialect, and an error's line marked with its message.
import { EditorState, StateEffect, StateField, Compartment } from "@codemirror/state";
import { EditorView, Decoration, keymap, lineNumbers, drawSelection, highlightActiveLine } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching } from "@codemirror/language";
import { setDiagnostics, lintGutter } from "@codemirror/lint";
import { sql, PostgreSQL, MySQL, SQLite } from "@codemirror/lang-sql";

const DIALECTS = { postgres: PostgreSQL, mysql: MySQL, sqlite: SQLite };
const setErrorLine = StateEffect.define();
const errorLine = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    marks = marks.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setErrorLine)) {
        marks = e.value == null ? Decoration.none
          : Decoration.set([Decoration.line({ class: "cm-error-line" }).range(e.value)]);
      }
    }
    return marks;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** An editor in `parent` holding `doc`; `onChange(text)` after each edit by the user. */
export function createEditor(parent, doc, dialect, onChange, label) {
  const language = new Compartment();
  let quiet = false; // setText is not the user's edit
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(), history(), drawSelection(), highlightActiveLine(), bracketMatching(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        language.of(sql({ dialect: DIALECTS[dialect] || PostgreSQL })),
        errorLine, lintGutter(),
        EditorView.contentAttributes.of({ "aria-label": label || "SQL", spellcheck: "false" }),
        EditorView.updateListener.of((u) => { if (u.docChanged && !quiet) onChange(u.state.doc.toString()); }),
      ],
    }),
  });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText(text) {
      quiet = true;
      try {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      } finally {
        quiet = false;
      }
    },
    setDialect(d) {
      view.dispatch({ effects: language.reconfigure(sql({ dialect: DIALECTS[d] || PostgreSQL })) });
    },
    /** Mark line `line` (1-based) at `column` with `message`; null clears the mark. */
    markError(line, column, message) {
      const doc = view.state.doc;
      if (line == null || line < 1 || line > doc.lines) {
        view.dispatch(setDiagnostics(view.state, []), { effects: setErrorLine.of(null) });
        return;
      }
      const l = doc.line(line);
      const from = Math.min(l.from + Math.max((column || 1) - 1, 0), l.to);
      const to = from < l.to ? l.to : from;
      view.dispatch(setDiagnostics(view.state, [{ from, to, severity: "error", message }]),
        { effects: setErrorLine.of(l.from) });
    },
  };
}
