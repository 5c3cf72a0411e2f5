//! `char::to_lowercase` from a table of runs. The standard library lists its ~1,500 mappings one by one, about
//! 12 KB of the WebAssembly widget; as runs of characters sharing one offset they take 185 entries. A test
//! compares the result with the standard library for every character, so the two cannot drift apart (after a
//! Rust update that changes the Unicode version, that test prints the new table).

/// Runs of characters that lowercase to themselves plus an offset: `(first | count << 21 | every_other << 31,
/// offset)`, where the run is `count` characters from `first`, stepping by two when `every_other` is set.
/// Sorted by `first`; runs do not overlap.
const RUNS: &[(u32, i32)] = &[
    (0x02e000c0, 32),
    (0x00e000d8, 32),
    (0x83000100, 1),
    (0x80600132, 1),
    (0x81000139, 1),
    (0x82e0014a, 1),
    (0x00200178, -121),
    (0x80600179, 1),
    (0x00200181, 210),
    (0x80400182, 1),
    (0x00200186, 206),
    (0x00200187, 1),
    (0x00400189, 205),
    (0x0020018b, 1),
    (0x0020018e, 79),
    (0x0020018f, 202),
    (0x00200190, 203),
    (0x00200191, 1),
    (0x00200193, 205),
    (0x00200194, 207),
    (0x00200196, 211),
    (0x00200197, 209),
    (0x00200198, 1),
    (0x0020019c, 211),
    (0x0020019d, 213),
    (0x0020019f, 214),
    (0x806001a0, 1),
    (0x002001a6, 218),
    (0x002001a7, 1),
    (0x002001a9, 218),
    (0x002001ac, 1),
    (0x002001ae, 218),
    (0x002001af, 1),
    (0x004001b1, 217),
    (0x804001b3, 1),
    (0x002001b7, 219),
    (0x002001b8, 1),
    (0x002001bc, 1),
    (0x002001c4, 2),
    (0x002001c5, 1),
    (0x002001c7, 2),
    (0x002001c8, 1),
    (0x002001ca, 2),
    (0x812001cb, 1),
    (0x812001de, 1),
    (0x002001f1, 2),
    (0x804001f2, 1),
    (0x002001f6, -97),
    (0x002001f7, -56),
    (0x828001f8, 1),
    (0x00200220, -130),
    (0x81200222, 1),
    (0x0020023a, 10795),
    (0x0020023b, 1),
    (0x0020023d, -163),
    (0x0020023e, 10792),
    (0x00200241, 1),
    (0x00200243, -195),
    (0x00200244, 69),
    (0x00200245, 71),
    (0x80a00246, 1),
    (0x80400370, 1),
    (0x00200376, 1),
    (0x0020037f, 116),
    (0x00200386, 38),
    (0x00600388, 37),
    (0x0020038c, 64),
    (0x0040038e, 63),
    (0x02200391, 32),
    (0x012003a3, 32),
    (0x002003cf, 8),
    (0x818003d8, 1),
    (0x002003f4, -60),
    (0x002003f7, 1),
    (0x002003f9, -7),
    (0x002003fa, 1),
    (0x006003fd, -130),
    (0x02000400, 80),
    (0x04000410, 32),
    (0x82200460, 1),
    (0x8360048a, 1),
    (0x002004c0, 15),
    (0x80e004c1, 1),
    (0x860004d0, 1),
    (0x04c00531, 48),
    (0x04c010a0, 7264),
    (0x002010c7, 7264),
    (0x002010cd, 7264),
    (0x0a0013a0, 38864),
    (0x00c013f0, 8),
    (0x00201c89, 1),
    (0x05601c90, -3008),
    (0x00601cbd, -3008),
    (0x89601e00, 1),
    (0x00201e9e, -7615),
    (0x86001ea0, 1),
    (0x01001f08, -8),
    (0x00c01f18, -8),
    (0x01001f28, -8),
    (0x01001f38, -8),
    (0x00c01f48, -8),
    (0x80801f59, -8),
    (0x01001f68, -8),
    (0x01001f88, -8),
    (0x01001f98, -8),
    (0x01001fa8, -8),
    (0x00401fb8, -8),
    (0x00401fba, -74),
    (0x00201fbc, -9),
    (0x00801fc8, -86),
    (0x00201fcc, -9),
    (0x00401fd8, -8),
    (0x00401fda, -100),
    (0x00401fe8, -8),
    (0x00401fea, -112),
    (0x00201fec, -7),
    (0x00401ff8, -128),
    (0x00401ffa, -126),
    (0x00201ffc, -9),
    (0x00202126, -7517),
    (0x0020212a, -8383),
    (0x0020212b, -8262),
    (0x00202132, 28),
    (0x02002160, 16),
    (0x00202183, 1),
    (0x034024b6, 26),
    (0x06002c00, 48),
    (0x00202c60, 1),
    (0x00202c62, -10743),
    (0x00202c63, -3814),
    (0x00202c64, -10727),
    (0x80602c67, 1),
    (0x00202c6d, -10780),
    (0x00202c6e, -10749),
    (0x00202c6f, -10783),
    (0x00202c70, -10782),
    (0x00202c72, 1),
    (0x00202c75, 1),
    (0x00402c7e, -10815),
    (0x86402c80, 1),
    (0x80402ceb, 1),
    (0x00202cf2, 1),
    (0x82e0a640, 1),
    (0x81c0a680, 1),
    (0x80e0a722, 1),
    (0x83e0a732, 1),
    (0x8040a779, 1),
    (0x0020a77d, -35332),
    (0x80a0a77e, 1),
    (0x0020a78b, 1),
    (0x0020a78d, -42280),
    (0x8040a790, 1),
    (0x8140a796, 1),
    (0x0020a7aa, -42308),
    (0x0020a7ab, -42319),
    (0x0020a7ac, -42315),
    (0x0020a7ad, -42305),
    (0x0020a7ae, -42308),
    (0x0020a7b0, -42258),
    (0x0020a7b1, -42282),
    (0x0020a7b2, -42261),
    (0x0020a7b3, 928),
    (0x8100a7b4, 1),
    (0x0020a7c4, -48),
    (0x0020a7c5, -42307),
    (0x0020a7c6, -35384),
    (0x8040a7c7, 1),
    (0x0020a7cb, -42343),
    (0x8100a7cc, 1),
    (0x0020a7dc, -42561),
    (0x0020a7f5, 1),
    (0x0340ff21, 32),
    (0x05010400, 40),
    (0x048104b0, 40),
    (0x01610570, 39),
    (0x01e1057c, 39),
    (0x00e1058c, 39),
    (0x00410594, 39),
    (0x06610c80, 64),
    (0x02c10d50, 32),
    (0x040118a0, 32),
    (0x04016e40, 32),
    (0x03216ea0, 27),
    (0x0441e900, 34),
];

/// Appends the lowercase of `c` to `out`, exactly as `out.extend(c.to_lowercase())` would.
pub(crate) fn push_lowercase(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    // The one character whose lowercase is two characters (an i and a combining dot above).
    if c == '\u{130}' {
        out.push_str("i\u{307}");
        return;
    }
    out.push(lowercase_of(c));
}

fn lowercase_of(c: char) -> char {
    let code = u32::from(c);
    let first = |packed: u32| packed & 0x1f_ffff;
    let i = RUNS.partition_point(|&(packed, _)| first(packed) <= code);
    let Some(&(packed, offset)) = i.checked_sub(1).and_then(|i| RUNS.get(i)) else {
        return c;
    };
    let step = if packed >> 31 == 1 { 2 } else { 1 };
    let count = (packed >> 21) & 0x3ff;
    let k = code - first(packed);
    if k % step == 0 && k / step < count {
        if let Some(lower) = code.checked_add_signed(offset).and_then(char::from_u32) {
            return lower;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table as the standard library's `to_lowercase` defines it (single-character mappings only).
    fn runs_from_std() -> Vec<(u32, i32)> {
        let mut runs: Vec<(u32, u32, i32, u32)> = Vec::new(); // (first, count, offset, step)
        for c in (0..=0x10_ffff_u32).filter_map(char::from_u32) {
            let mut lower = c.to_lowercase();
            let (Some(l), None) = (lower.next(), lower.next()) else {
                continue;
            };
            if l == c || c.is_ascii() {
                continue;
            }
            let (code, offset) = (u32::from(c), u32::from(l) as i32 - u32::from(c) as i32);
            if let Some(run) = runs.last_mut() {
                let (first, count, run_offset, step) = *run;
                if run_offset == offset && count == 1 && (code == first + 1 || code == first + 2) {
                    *run = (first, 2, offset, code - first);
                    continue;
                }
                if run_offset == offset && count > 1 && code == first + count * step {
                    run.1 += 1;
                    continue;
                }
            }
            runs.push((code, 1, offset, 1));
        }
        runs.into_iter()
            .map(|(first, count, offset, step)| {
                assert!(first < 1 << 21 && count < 1 << 10);
                (first | count << 21 | u32::from(step == 2) << 31, offset)
            })
            .collect()
    }

    #[test]
    fn the_table_is_the_standard_librarys() {
        let expected = runs_from_std();
        if RUNS != expected.as_slice() {
            let mut text = String::from("const RUNS: &[(u32, i32)] = &[\n");
            for (packed, offset) in &expected {
                text.push_str(&format!("    (0x{packed:08x}, {offset}),\n"));
            }
            text.push_str("];\n");
            panic!("RUNS differs from char::to_lowercase; replace it with:\n{text}");
        }
    }

    #[test]
    fn every_character_lowercases_as_in_the_standard_library() {
        for c in (0..=0x10_ffff_u32).filter_map(char::from_u32) {
            let mut ours = String::new();
            push_lowercase(c, &mut ours);
            assert_eq!(
                ours,
                c.to_lowercase().collect::<String>(),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }
}
