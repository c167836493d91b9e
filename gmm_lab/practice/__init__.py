"""What practice needs beyond one EM run (notebooks 07-16).

- ``restarts``: many starts, keep the best (``run_restarts``, scikit-learn's ``n_init``);
- ``batch``: EM from many starts at once, vectorised over the starts (``run_em_batch``);
- ``basins``: where EM goes from each start (``em_paths``, ``distinct_optima``, ``basin_codes``);
- ``prior``: a prior on the covariances, MAP EM through ``run_em``'s loop (``run_em_map``);
- ``fixed_variance``: EM that moves only the means, k-means as its limit (``fixed_variance_em``);
- ``quantise``: k-means as vector quantisation, an image's colours as a code book (``quantise``);
- ``labels``: matching clusters to classes (``align_labels``, ``confusion_table``);
- ``selection``: fitting every covariance type and K, BIC, AIC and held-out likelihood
  (``sweep``, ``held_out_log_likelihood``, ``fit_each_type``, ``per_point_scores``);
- ``bernoulli``: a mixture of Bernoulli distributions for binary data, EM in log space with
  the means kept off 0 and 1 (``run_em_bernoulli``, ``bernoulli_e_step``, ``bernoulli_log_pdf``; notebook 14);
- ``general``: EM in general, the decomposition ln p = L + KL (``decomposition``,
  ``decomposition_path``) and a generalised EM with a partial M-step (``run_ecm``);
- ``incremental``: incremental EM, mini-batch E-steps and exact running sums (``incremental_em``,
  ``sufficient_statistics``, ``update_statistics``, ``m_step_from_statistics``);
- ``missing``: EM for a Gaussian with missing coordinates (``run_em_missing``,
  ``e_step_missing``, ``observed_log_likelihood``, ``hide_at_random``);
- ``variational``: the Bayesian mixture, variational inference with a Dirichlet (process) prior
  on the weights (``run_variational``; its steps and bound in ``variational_steps``);
- ``threads``: one BLAS thread for many small matrix products (``one_blas_thread``).

Every function is also ``gmm_lab.<name>``. These modules build on the core (``gmm_lab.em``
and its neighbours) and never on ``gmm_lab.course``.
"""
