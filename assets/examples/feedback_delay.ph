-- A bus that feeds itself through a filter: the plan breaks the loop with a delay.
cps: 0.5
~pluck: saw "a3 c4 e4 a4" $ fast 2 # lpf 2400 0.8 * (ad 0.002 0.15)
~echo: (~pluck + ~echo * 0.55) # lpf 1800 0.7
out: ~pluck * 0.5 + ~echo * 0.35
