-- Patterns all the way down: Euclid, alternation, polymeter, randomness, chops.
bpm: 132
~kick $ s "bd(<3 5>,8,<0 2>)"
~snare $ s "~ sn ~ <sn [sn cp]>" # gain 0.9
~hats $ s "{hh hh oh, hh hh hh hh hh}%8?" # pan "0.25 0.75" $ sometimesBy 0.3 (# speed 2)
~chops $ s "arpy*4" $ chop 2 $ every 3 (fast 2) $ jux rev
out: ~kick * 0.4 + ~snare * 0.3 + ~hats * 0.2 + ~chops * 0.15
