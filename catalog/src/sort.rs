//! Sorting without per-type code. The standard library's sorts are generic, so every element type sorted
//! carries its own few kilobytes of sort routines into the WebAssembly widget; here one merge sort over
//! positions, comparing through a function pointer, serves every caller in the crate.

use std::cmp::Ordering;

/// Positions `0..len` in the order `cmp` gives them; stable (equal positions keep their order).
pub(crate) fn sorted_positions(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut from: Vec<usize> = (0..len).collect();
    // Input that is already in order (catalog.json lists services by slug) costs one pass.
    if (1..len).all(|i| cmp(i - 1, i) != Ordering::Greater) {
        return from;
    }
    // Bottom-up merge sort: runs of `width` are merged pairwise from `from` into `into`, then the two swap.
    let mut into = vec![0; len];
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, mid);
            for slot in into.iter_mut().take(end).skip(start) {
                let take_right = match (from.get(left), from.get(right).filter(|_| right < end)) {
                    (Some(&l), Some(&r)) if left < mid => cmp(l, r) == Ordering::Greater,
                    (_, Some(_)) => true,
                    _ => false,
                };
                let source = if take_right { &mut right } else { &mut left };
                *slot = from.get(*source).copied().unwrap_or(0);
                *source += 1;
            }
            start = end;
        }
        std::mem::swap(&mut from, &mut into);
        width *= 2;
    }
    from
}

/// Sorts `items` by `cmp`, stably.
pub(crate) fn sort_by<T>(items: &mut Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &|a, b| match (items.get(a), items.get(b)) {
        (Some(a), Some(b)) => cmp(a, b),
        _ => Ordering::Equal,
    });
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// Sorts `items` in their natural order, stably.
pub(crate) fn sort<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, &T::cmp);
}

/// The `k` smallest of `candidates` by `cmp`, in order (all of them, sorted, when `k` is 0). Cheaper than
/// sorting everything when `k` is small: most candidates are rejected with one comparison against the
/// largest kept so far.
pub(crate) fn smallest<T>(
    candidates: Vec<T>,
    k: usize,
    cmp: &dyn Fn(&T, &T) -> Ordering,
) -> Vec<T> {
    if k == 0 || k >= candidates.len() {
        let mut all = candidates;
        sort_by(&mut all, cmp);
        return all;
    }
    let mut kept: Vec<T> = Vec::with_capacity(k + 1);
    for candidate in candidates {
        if kept.len() == k
            && kept
                .last()
                .is_some_and(|last| cmp(&candidate, last) != Ordering::Less)
        {
            continue;
        }
        // After every kept item that is not greater: equal items keep their arrival order, as a stable sort would.
        let at = kept.partition_point(|item| cmp(item, &candidate) != Ordering::Greater);
        kept.insert(at, candidate);
        kept.truncate(k);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_stable_sort(items in prop::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = items.clone();
            sort_by(&mut ours, &|a, b| a.0.cmp(&b.0));
            let mut std = items.clone();
            std.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn smallest_is_a_prefix_of_the_stable_sort(
            items in prop::collection::vec((0u8..8, any::<u16>()), 0..200),
            k in 0usize..30,
        ) {
            let mut std = items.clone();
            std.sort_by_key(|a| a.0);
            if k > 0 {
                std.truncate(k);
            }
            prop_assert_eq!(smallest(items, k, &|a, b| a.0.cmp(&b.0)), std);
        }
    }
}
