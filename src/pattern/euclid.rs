//! Euclidean rhythms with Bjorklund's placement, exactly as Tidal computes them
//! (`Sound.Tidal.Bjorklund`), so `"bd(5,8)"` lands on the same steps as in Tidal.

/// `k` onsets spread over `n` steps. `k > n` is clamped; `n <= 0` gives nothing.
pub fn bjorklund(k: i64, n: i64) -> Vec<bool> {
    if n <= 0 {
        return Vec::new();
    }
    let n = n.min(4096);
    let k = k.clamp(0, n);
    let mut xs: Vec<Vec<bool>> = (0..k).map(|_| vec![true]).collect();
    let mut ys: Vec<Vec<bool>> = (0..n - k).map(|_| vec![false]).collect();
    let (mut i, mut j) = (k as usize, (n - k) as usize);
    while i.min(j) > 1 {
        if i > j {
            // left: the first j of xs absorb ys; the rest of xs become the new ys.
            let rest = xs.split_off(j);
            for (x, y) in xs.iter_mut().zip(ys.iter()) {
                x.extend_from_slice(y);
            }
            ys = rest;
            let (ni, nj) = (j, i - j);
            i = ni;
            j = nj;
        } else {
            // right: every x absorbs one of the first i ys.
            let rest = ys.split_off(i);
            for (x, y) in xs.iter_mut().zip(ys.iter()) {
                x.extend_from_slice(y);
            }
            ys = rest;
            j -= i;
        }
    }
    xs.into_iter().chain(ys).flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(v: &[bool]) -> String {
        v.iter().map(|&b| if b { 'x' } else { '.' }).collect()
    }

    #[test]
    fn matches_tidal_patterns() {
        assert_eq!(show(&bjorklund(3, 8)), "x..x..x.");
        assert_eq!(show(&bjorklund(5, 8)), "x.xx.xx.");
        assert_eq!(show(&bjorklund(2, 5)), "x.x..");
        // Tidal stops when either side has one group left, so (3,4) is not rotated.
        assert_eq!(show(&bjorklund(3, 4)), "xxx.");
        assert_eq!(show(&bjorklund(5, 12)), "x..x.x..x.x.");
        assert_eq!(show(&bjorklund(7, 16)), "x..x.x.x..x.x.x.");
        assert_eq!(show(&bjorklund(0, 4)), "....");
        assert_eq!(show(&bjorklund(4, 4)), "xxxx");
    }
}
