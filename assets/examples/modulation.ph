-- Utilities: mix, xfade, range, mtof, lag, sample_hold, phasor, line and xline.
cps: 0.5
~note: mtof "60 67 63 70"
~glide: ~note # lag 0.05
~a: saw ~glide # lpf 1600 0.7
~b: pulse (~glide * 0.5) 0.3 # flanger 0.3 0.6
~pos: sine 0.25 $ range 0 1
~sh: white_noise # sample_hold 8
~swell: (line 0 1) * (xline 1 0.01 1)
out: xfade ~a ~b ~pos * 0.25 + mix (sine (~sh * 400 + 600) * 0.05) (impulse 4 * 0.2) + phasor * 0.05 + ~a * ~swell * 0.1 # phaser 0.2 0.7
