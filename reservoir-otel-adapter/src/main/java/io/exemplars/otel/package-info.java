/**
 * Exemplar reservoirs per OpenTelemetry Java SDK View, in one line.
 *
 * <pre>{@code
 * View.builder().setAggregation(ReservoirAggregation.explicitBucketHistogram(ReservoirSpec.alignedUniform()))
 * }</pre>
 *
 * <p>{@link io.exemplars.otel.ReservoirAggregation} builds the SDK's own aggregations (explicit-bucket
 * and base-2 exponential histograms, sums, last values, and the default aggregation, which picks
 * one of these per instrument) with the engine's reservoirs behind them;
 * {@link io.exemplars.otel.ReservoirSpec} chooses the reservoir, optionally an exemplar filter that
 * overrides the meter provider's for the View, and the off-heap arena. Everything else in the
 * package is the plumbing into the SDK's internal interfaces, checked against the SDK version on
 * the classpath when an aggregation is built.
 */
package io.exemplars.otel;
