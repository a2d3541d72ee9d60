-- 64 overlapping sample voices, each with its own cutoff, shape, pan and a room send:
-- one onset every 1/64 cycle, each voice held for 64 events (one cycle), so 64 sound at once.
-- Compare its time per voice-sample with stress16.ph's per chain-sample (see README).
out: s "arpy*64" # speed 0.1 # legato 64 # cutoff 2000 # resonance 0.2 # shape 0.3 # pan sine # room 0.3
