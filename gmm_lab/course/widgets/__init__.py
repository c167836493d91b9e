"""The notebooks' live figures (ipywidgets): one module per chapter, beside the machinery.

- ``gmm_lab.course.widgets.live``: the machinery every figure shares (``LiveFigure``, ``Demo``, ``slider``);
  ``gmm_lab.course.widgets.pixels``: what it draws with (``encode_png``, ``small_multiples``, ``DensityLines``);
  ``gmm_lab.course.widgets.steps``: what the half-step explorers share (``StepButtons``, ``half_step_frames``,
  ``limits_with_room`` for a ring at either end of a curve);
  ``gmm_lab.course.widgets.static``: the static picture laid out for a projector (``projected``);
- ``gmm_lab.course.widgets.gaussian`` (notebook 01): ``Gaussian1D``, ``Gaussian2D``;
- ``gmm_lab.course.widgets.mixtures`` (02): ``Mixture1D``, ``Mixture2D``;
- ``gmm_lab.course.widgets.estep`` (03): ``EStepExplorer``;
- ``gmm_lab.course.widgets.mstep`` (04): ``MStepExplorer``;
- ``gmm_lab.course.widgets.convergence`` (05): ``EMExplorer``; ``gmm_lab.course.widgets.convergence_1d`` (05):
  ``EM1DExplorer``, ``BoundExplorer``;
- ``gmm_lab.course.widgets.kmeans`` (07): ``LloydExplorer``, ``SmallVarianceExplorer``;
- ``gmm_lab.course.widgets.local_optima`` (08): ``BasinExplorer``;
- ``gmm_lab.course.widgets.covtypes`` (09): ``CovarianceTypesExplorer``;
- ``gmm_lab.course.widgets.singularity`` (11): ``SpikeExplorer``;
- ``gmm_lab.course.widgets.realdata`` (12): ``Fig98Explorer``;
- ``gmm_lab.course.widgets.density`` (13): ``DensityExplorer``;
- ``gmm_lab.course.widgets.bayesian`` (16): ``ConcentrationExplorer``;
- ``gmm_lab.course.widgets.catalog``: every live figure of the course, built as its notebook
  builds it (the one list the tests and the slider benchmark read).

A notebook imports its figures from its chapter's module, e.g.
``from gmm_lab.course.widgets.gaussian import Gaussian1D``.
"""
