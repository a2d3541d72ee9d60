-- The reference stress graph: 16 chains saw -> lpf -> gain, summed (see perf-facts.md).
~c0: saw 100 # lpf 1000 1 * 0.1
~c1: saw 125 # lpf 1200 1 * 0.1
~c2: saw 150 # lpf 1400 1 * 0.1
~c3: saw 175 # lpf 1600 1 * 0.1
~c4: saw 200 # lpf 1800 1 * 0.1
~c5: saw 225 # lpf 2000 1 * 0.1
~c6: saw 250 # lpf 2200 1 * 0.1
~c7: saw 275 # lpf 2400 1 * 0.1
~c8: saw 300 # lpf 2600 1 * 0.1
~c9: saw 325 # lpf 2800 1 * 0.1
~c10: saw 350 # lpf 3000 1 * 0.1
~c11: saw 375 # lpf 3200 1 * 0.1
~c12: saw 400 # lpf 3400 1 * 0.1
~c13: saw 425 # lpf 3600 1 * 0.1
~c14: saw 450 # lpf 3800 1 * 0.1
~c15: saw 475 # lpf 4000 1 * 0.1
out: ~c0 + ~c1 + ~c2 + ~c3 + ~c4 + ~c5 + ~c6 + ~c7 + ~c8 + ~c9 + ~c10 + ~c11 + ~c12 + ~c13 + ~c14 + ~c15
