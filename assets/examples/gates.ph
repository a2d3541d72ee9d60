-- Rhythm from gates: struct, tar, gate and trig shaping continuous sources.
cps: 0.5
~chord: supersaw 110 * 0.2
~pulsed: struct "t ~ t t ~ t ~ t" ~chord
~smooth: tar "t(3,8)" 0.01 0.2 * (saw 220 # lpf 900 0.7) * 0.4
~gated: square 55 * gate "t ~ ~ t" * 0.2
~clicks: trig "t*16" # lpf 3000 0.7
out: ~pulsed * 0.5 + ~smooth + ~gated + ~clicks * 0.8
