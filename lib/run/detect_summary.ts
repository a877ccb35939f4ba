// What detect.json holds: the decision of the model and of the PCA baseline, their metrics
// against the labels named anomalous, and the top rows with their largest column errors.

import type { DetectionMetrics, Threshold } from "../eval/anomaly.ts";

/** One scorer's decision and, with labels, how good it is. */
export interface ScorerResult {
  threshold: Threshold & { train_flagged: number };
  /** Rows above the threshold. */
  flagged: number;
  metrics: DetectionMetrics | null;
}

/** What detect.json holds (besides its `files`). */
export interface DetectSummary {
  kind: "detect";
  run: string;
  model: string;
  data: { path: string; rows: number; columns: number };
  score: string;
  training: { path: string; rows: number; normal_labels: string[] | null };
  positive_labels: string[] | null;
  ours: ScorerResult;
  baseline: ScorerResult & { method: "pca"; components: number };
  top: TopRow[];
}

/** A top-scored row with its largest per-column errors. */
export interface TopRow {
  index: number;
  label: string;
  score: number;
  pca_score: number;
  anomaly: boolean;
  features: { name: string; value: number; reconstruction: number; error: number; share: number }[];
}
