// What detect.json holds: the decision of the model and of the PCA baseline, their metrics
// against the labels named anomalous, and the top rows with their largest column errors.

import type { DetectionMetrics, Threshold } from "../eval/anomaly.ts";

/** One scorer's decision and, with labels, how good it is. */
export interface ScorerResult {
  /** The threshold, its rule, and the share of training rows above it. */
  threshold: Threshold & { train_flagged: number };
  /** Rows above the threshold. */
  flagged: number;
  /** Metrics against the anomalous labels, or null without them. */
  metrics: DetectionMetrics | null;
}

/** What detect.json holds (besides its `files`). */
export interface DetectSummary {
  /** Marks a detect folder (an existing one may be replaced, nothing else). */
  kind: "detect";
  /** The run folder that scored the rows. */
  run: string;
  /** Its model kind (ae, vae, dae, sae). */
  model: string;
  /** The scored rows. */
  data: { path: string; rows: number; columns: number };
  /** What the score is, in words (units included). */
  score: string;
  /** The rows the threshold and the baseline are fitted on. */
  training: { path: string; rows: number; normal_labels: string[] | null };
  /** Labels counted as anomalies, or null. */
  positive_labels: string[] | null;
  /** The model's decision and metrics. */
  ours: ScorerResult;
  /** PCA's, fitted on the training rows in the same units. */
  baseline: ScorerResult & { method: "pca"; components: number };
  /** The highest-scored rows. */
  top: TopRow[];
}

/** A top-scored row with its largest per-column errors. */
export interface TopRow {
  /** 0-based row of the scored file. */
  index: number;
  /** Its label (empty without labels). */
  label: string;
  /** The model's score. */
  score: number;
  /** PCA's score. */
  pca_score: number;
  /** Whether the score is above the threshold. */
  anomaly: boolean;
  /** Largest squared column errors (scaled units) with value and reconstruction in data units. */
  features: { name: string; value: number; reconstruction: number; error: number; share: number }[];
}
