/**
 * Exploratory mains (not tests) used while tuning: component sweeps on CIC, AFQMC re-ranking and metric-learning
 * attempts, timing breakdowns. They read {@code ../shared/datasets} relative to the repository root.
 */
package io.kefu.nlp.bench;
