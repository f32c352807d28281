//! Positions that survive removals, for the name lookups of a replay session.
//!
//! An item of a list (a table, a sequence) gets a slot when it is added at the end; removing
//! it frees the slot, and an item's position is the number of live slots before its own. A
//! Fenwick tree over the live flags answers both ways in O(log n), so removing an item no
//! longer shifts every position the lookups hold: reverting a clean-up migration that dropped
//! thousands of tables, or a SQLite history that drops a table for every rebuild, used to do
//! integer work per table for each drop.

/// Slots of one list, in the order of its items.
#[derive(Default)]
pub(super) struct Slots {
    live: Vec<bool>,
    /// 1-based Fenwick tree: `tree[i]` counts the live slots in `(i - lowbit(i), i]`.
    tree: Vec<u32>,
    /// Live slots: the length of the list.
    items: usize,
}

fn lowbit(i: usize) -> usize {
    i & i.wrapping_neg()
}

impl Slots {
    /// Slots for a list of `len` items, slot = position.
    pub(super) fn with_len(len: usize) -> Self {
        let mut s = Slots::default();
        for _ in 0..len {
            s.push();
        }
        s
    }

    /// Number of live slots (items in the list).
    pub(super) fn items(&self) -> usize {
        self.items
    }

    /// A live slot for an item added at the end of the list.
    pub(super) fn push(&mut self) -> usize {
        let i = self.live.len() + 1;
        // `tree[i]` covers `(i - lowbit(i), i]`: the new slot and the ones before it there.
        let covered = self.live_before(i - 1) - self.live_before(i - lowbit(i));
        self.tree
            .push(u32::try_from(covered + 1).unwrap_or(u32::MAX));
        self.live.push(true);
        self.items += 1;
        i - 1
    }

    /// Free a slot (its item was removed).
    pub(super) fn free(&mut self, slot: usize) {
        if !self.live.get(slot).copied().unwrap_or(false) {
            return;
        }
        self.live[slot] = false;
        self.items -= 1;
        let mut i = slot + 1;
        while i <= self.tree.len() {
            self.tree[i - 1] -= 1;
            i += lowbit(i);
        }
    }

    /// Live slots among the first `n` slots.
    fn live_before(&self, n: usize) -> usize {
        let mut sum = 0;
        let mut i = n;
        while i > 0 {
            sum += self.tree[i - 1] as usize;
            i -= lowbit(i);
        }
        sum
    }

    /// The position of the item in `slot`, or `None` if it was removed.
    pub(super) fn position(&self, slot: usize) -> Option<usize> {
        (*self.live.get(slot)?).then(|| self.live_before(slot))
    }

    /// The slot of the item at `pos`, if there is one.
    pub(super) fn slot_at(&self, pos: usize) -> Option<usize> {
        // Descend the tree for the smallest prefix holding `pos + 1` live slots.
        let mut want = pos + 1;
        let mut at = 0;
        let mut step = self.tree.len().checked_next_power_of_two()?;
        while step > 0 {
            let next = at + step;
            if next <= self.tree.len() && (self.tree[next - 1] as usize) < want {
                at = next;
                want -= self.tree[next - 1] as usize;
            }
            step /= 2;
        }
        (at < self.live.len()).then_some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::Slots;

    /// Against a plain list of the live slots, through pushes and removals in every order.
    #[test]
    fn positions_and_slots_agree_with_a_list_of_the_live_slots() {
        let mut s = Slots::default();
        let mut model: Vec<usize> = Vec::new();
        let mut seed = 7u64;
        for round in 0..3_000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let remove = !model.is_empty() && (seed >> 33).is_multiple_of(3);
            if remove {
                let pos = usize::try_from(seed >> 40).unwrap() % model.len();
                let slot = model.remove(pos);
                assert_eq!(s.slot_at(pos), Some(slot), "round {round}");
                s.free(slot);
            } else {
                model.push(s.push());
            }
            for (pos, &slot) in model.iter().enumerate() {
                assert_eq!(s.position(slot), Some(pos), "round {round}");
                assert_eq!(s.slot_at(pos), Some(slot), "round {round}");
            }
            assert_eq!(s.slot_at(model.len()), None, "round {round}");
        }
        assert_eq!(s.items(), model.len());
        let freed = (0..s.live.len()).find(|x| !model.contains(x)).unwrap();
        assert_eq!(s.position(freed), None);
    }
}
