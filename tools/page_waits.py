"""Waits on the condition itself in the offline decks and book, which MathJax 2 typesets.

Why not MathJax's own queue: ``MathJax.Hub.Queue(f)`` runs ``f`` once the *hub's* queue is
empty, which covers the first typeset of a page. But nbconvert's reveal template re-renders
a slide's maths on every ``slidechanged`` event with ``MathJax.Hub.Rerender``, and
``Rerender`` runs on a queue of its own (``Hub.takeAction`` makes a new
``MathJax.Callback.Queue``), so a wait on the hub's queue can resolve while the slide's
formulas are removed and not yet drawn again: counted then, a slide full of maths holds
none (issue 18). So we read each formula's own state: MathJax 2 keeps it on its
``<script type="math/tex">`` element (``script.MathJax.state``), which is ``PROCESSED``
only once its output (the element ``<script id>-Frame``) is in the page, and is set back
before a re-render removes that output.

``MATHS_SETTLED`` waits for MathJax to start and for the hub's queue (the first typeset,
which also finds the TeX in the page); then, until `timeout`, it checks that in the part of
the page asked for every formula is processed (or has failed, which the caller then sees
as an error) and that no MathJax action (a typeset or a re-render, seen through MathJax's
own "Begin Math" / "End Math" signals, which it posts at the start and the very end of
each) is still running; the reading must then hold, unchanged, after two animation frames.
It resolves with the last reading either way (with any TeX left as text in ``raw``), so a
caller's message says what was seen. ``wait_for_maths`` is the Python side.

``DECK_READY`` resolves once reveal.js has laid out a deck (nbconvert's template loads it
through require.js, so ``window.Reveal`` is not set: we ask require, and keep it as
``window.deck``).
"""

DECK_READY = """() => new Promise((resolve) => require(['lib/reveal.js/dist/reveal.js'], (R) => {
             window.deck = R; R.isReady() ? resolve() : R.on('ready', resolve); }))"""

MATHS_SETTLED = """async ({root, needMaths, timeout}) => {
  const pause = (ms) => new Promise(r => setTimeout(r, ms));
  const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const start = performance.now();
  while (!(window.MathJax && MathJax.Hub && MathJax.isReady) && performance.now() - start < timeout) await pause(50);
  if (window.MathJax && MathJax.isReady) {
    if (!window.__mathsRunning) {  // the actions MathJax has begun and not ended, by their elements
      window.__mathsRunning = new Set();
      MathJax.Hub.Register.MessageHook('Begin Math', (m) => { window.__mathsRunning.add(m[1]); });
      MathJax.Hub.Register.MessageHook('End Math', (m) => { window.__mathsRunning.delete(m[1]); });
    }
    await new Promise(r => MathJax.Hub.Queue(r));
  }
  const read = () => {
    const el = root ? document.querySelector(root) : document.body;
    if (!el) return {ready: false, why: `no element ${root}`};
    if (!(window.MathJax && MathJax.isReady && window.__mathsRunning))
      return {ready: false, why: 'MathJax has not started'};
    const PROCESSED = MathJax.ElementJax.STATE.PROCESSED;
    const scripts = Array.from(el.querySelectorAll('script[type^="math/tex"]'));
    const done = scripts.filter(s => s.MathJax && (s.MathJax.error ||
        (s.MathJax.state === PROCESSED && document.getElementById(s.id + '-Frame'))));
    const text = el.innerText;
    return {ready: true, running: window.__mathsRunning.size, formulas: scripts.length,
            pending: scripts.length - done.length,
            typeset: el.querySelectorAll('.MathJax_CHTML').length,
            errors: el.querySelectorAll('.MathJax_Error, .noError, .MathJax_CHTML .merror').length,
            raw: ['$$', '\\\\(', '\\\\[', '\\\\begin{'].filter(s => text.includes(s))};
  };
  const finished = (r) => r.ready && r.running === 0 && r.pending === 0 && (!needMaths || r.typeset > 0);
  let last = read();
  while (performance.now() - start < timeout) {
    if (finished(last)) {
      await frames();
      const again = read();
      if (JSON.stringify(again) === JSON.stringify(last)) return {...last, settled: true};
      last = again;
      continue;
    }
    await pause(50);
    last = read();
  }
  return {...last, settled: false, waited_ms: Math.round(performance.now() - start)};
}"""


def wait_for_maths(page, root=None, *, need_maths=True, timeout=20):
    """The maths reading of `root` (a CSS selector; None for the whole page) once settled.

    Returns the reading (``settled`` says whether it settled before `timeout` seconds:
    the caller asserts, with the reading in its message). `need_maths` asks for at least
    one typeset formula, for a part of the page known to hold maths.
    """
    return page.evaluate(MATHS_SETTLED, {"root": root, "needMaths": need_maths, "timeout": timeout * 1000})
