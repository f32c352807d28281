//! Native half of the 100-file planning benchmark (bench/wasm_plan_bench.mjs is the wasm half,
//! same directory): `cargo run --release -p ebb-wasm --example plan_100`.

fn main() {
    let mut files = Vec::new();
    for i in 0..100 {
        let mut sql = format!(
            "CREATE TABLE f{i} (id bigserial PRIMARY KEY, name varchar(40) NOT NULL, created timestamptz NOT NULL DEFAULT now());\nCREATE INDEX f{i}_name ON f{i} (name);\n"
        );
        if i > 0 && i % 2 == 0 {
            let p = i - 1;
            sql += &format!(
                "ALTER TABLE f{p} ADD COLUMN note text;\nALTER TABLE f{p} RENAME COLUMN name TO label;\n"
            );
        }
        files.push(serde_json::json!({"name": format!("{:03}_step.sql", i + 1), "sql": sql}));
    }
    let opts =
        serde_json::json!({"dialect": "postgres", "files": files, "target": "050"}).to_string();
    ebb_wasm::plan_down_json(&opts).expect("the directory plans");
    let mut ms: Vec<f64> = (0..20)
        .map(|_| {
            let t0 = std::time::Instant::now();
            ebb_wasm::plan_down_json(&opts).expect("the directory plans");
            t0.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    let _ = std::io::Write::write_all(
        &mut std::io::stdout(),
        format!(
            "native planDown, 100 files: median {:.2} ms of 20\n",
            ms[10]
        )
        .as_bytes(),
    );
}
