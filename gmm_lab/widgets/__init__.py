"""The notebooks' live figures (ipywidgets): one module per chapter, beside the machinery.

- ``gmm_lab.widgets.live``: the machinery every figure shares (``LiveFigure``, ``Demo``, ``slider``);
  ``gmm_lab.widgets.pixels``: what it draws with (``encode_png``, ``small_multiples``, ``DensityLines``);
- ``gmm_lab.widgets.gaussian`` (notebook 01): ``Gaussian1D``, ``Gaussian2D``;
- ``gmm_lab.widgets.mixtures`` (02): ``Mixture1D``, ``Mixture2D``;
- ``gmm_lab.widgets.estep`` (03): ``EStepExplorer``;
- ``gmm_lab.widgets.mstep`` (04): ``MStepExplorer``;
- ``gmm_lab.widgets.convergence`` (05): ``EMExplorer``; ``gmm_lab.widgets.convergence_1d`` (05):
  ``EM1DExplorer``, ``BoundExplorer``;
- ``gmm_lab.widgets.kmeans`` (07): ``LloydExplorer``, ``SmallVarianceExplorer``;
- ``gmm_lab.widgets.local_optima`` (08): ``BasinExplorer``;
- ``gmm_lab.widgets.covtypes`` (09): ``CovarianceTypesExplorer``;
- ``gmm_lab.widgets.singularity`` (11): ``SpikeExplorer``;
- ``gmm_lab.widgets.realdata`` (12): ``Fig98Explorer``;
- ``gmm_lab.widgets.density`` (13): ``DensityExplorer``;
- ``gmm_lab.widgets.catalog``: every live figure of the course, built as its notebook
  builds it (the one list the tests and the slider benchmark read).

A notebook imports its figures from its chapter's module, e.g.
``from gmm_lab.widgets.gaussian import Gaussian1D``.
"""
