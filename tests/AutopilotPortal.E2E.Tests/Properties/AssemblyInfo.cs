// One browser and one host at a time: the collections each start a server and a Chromium, and on a
// two-core machine running them side by side only makes every step slower.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
