"""The pieces of scripts/html_report.py, one concern per module:

inputs      read and classify the JSON files (reports and their scenario, comparisons, trends); bad input
samples     a harness report's repetitions by operation, backend and size
figures     matplotlib set-up shared by every plot: backend, colours, PNG bytes
header      "what ran where": the context of each report as table rows
throughput  copy/read throughput against size
lifecycle   create/open/map/first_touch/unmap/close latency distributions
overhead    Boost against the raw API (shmbench compare --pair) with intervals
forest      the interval plot overhead and comparison share
crosscheck_plot  harness against micro-benchmarks (scripts/crosscheck.py's cells)
comparison  an A/B or compare result: change per row with its interval and verdict
history     trends over runs (shmbench history trend --format json)
transfer    transfer reports: ping-pong percentiles, round-trip histograms, stream throughput
shmbench_tool  running `shmbench compare` for the two pages that need it
sections    which sections a page has, from the inputs given
page        the self-contained index.html (images as data: URIs)
"""
