package bench

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// AUROC returns the area under the ROC curve of scores against labels (true
// = positive): the probability that a random positive scores above a random
// negative, ties counting half (ranks of tied scores are averaged). It is NaN
// when either class is empty or the lengths differ. NaN scores rank lowest.
func AUROC(scores []float64, labels []bool) float64 {
	if len(scores) != len(labels) {
		return math.NaN()
	}
	nPos, nNeg := countClasses(labels)
	if nPos == 0 || nNeg == 0 {
		return math.NaN()
	}
	order := sortedIndex(scores, false)
	// Sum the average ranks (1-based) of the positives.
	var rankSum float64
	for i := 0; i < len(order); {
		j := i
		for j+1 < len(order) && sameScore(scores[order[j+1]], scores[order[i]]) {
			j++
		}
		avg := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			if labels[order[k]] {
				rankSum += avg
			}
		}
		i = j + 1
	}
	u := rankSum - float64(nPos)*float64(nPos+1)/2
	return u / (float64(nPos) * float64(nNeg))
}

// PRAUC returns the average precision of scores against labels: the sum over
// the distinct score thresholds, from the highest down, of precision at the
// threshold times the recall it adds (tied scores form one threshold, so the
// order of ties does not matter). It is NaN when there are no positives or
// the lengths differ. NaN scores rank lowest.
func PRAUC(scores []float64, labels []bool) float64 {
	if len(scores) != len(labels) {
		return math.NaN()
	}
	nPos, _ := countClasses(labels)
	if nPos == 0 {
		return math.NaN()
	}
	order := sortedIndex(scores, true)
	var ap float64
	tp, seen := 0, 0
	for i := 0; i < len(order); {
		j := i
		newTP := 0
		for ; j < len(order) && sameScore(scores[order[j]], scores[order[i]]); j++ {
			if labels[order[j]] {
				newTP++
			}
		}
		tp += newTP
		seen += j - i
		if newTP > 0 {
			ap += float64(tp) / float64(seen) * float64(newTP) / float64(nPos)
		}
		i = j
	}
	return ap
}

// RecallFPR returns the recall (share of positives) and the false-positive
// rate (share of negatives) of flagging every example whose score is at or
// above threshold. A rate whose class is empty is NaN.
func RecallFPR(scores []float64, labels []bool, threshold float64) (recall, fpr float64) {
	var tp, fp, nPos, nNeg int
	for i, s := range scores {
		if i >= len(labels) {
			break
		}
		flagged := s >= threshold
		if labels[i] {
			nPos++
			if flagged {
				tp++
			}
		} else {
			nNeg++
			if flagged {
				fp++
			}
		}
	}
	return ratio(tp, nPos), ratio(fp, nNeg)
}

// ScorePair is the scores of the two examples of a pair: the one with the
// failure (Pos, e.g. hh-rlhf rejected) and the one without (Neg, chosen).
type ScorePair struct {
	Pos, Neg float64
}

// PairwiseAccuracy returns the share of pairs whose positive scores strictly
// above its negative, ties counting half; NaN when there are no pairs.
func PairwiseAccuracy(pairs []ScorePair) float64 {
	if len(pairs) == 0 {
		return math.NaN()
	}
	var wins float64
	for _, p := range pairs {
		switch {
		case p.Pos > p.Neg:
			wins++
		case p.Pos == p.Neg:
			wins += 0.5
		}
	}
	return wins / float64(len(pairs))
}

// BootstrapCI returns a percentile bootstrap confidence interval at level
// (e.g. 0.95) for metric (AUROC, PRAUC, ...) over the examples. Each of the
// resamples draws positives and negatives with replacement separately, so
// that every resample keeps the class sizes; resamples where metric is NaN
// are dropped. seed fixes the random stream, so the interval is
// reproducible. It returns NaN, NaN when nothing could be computed.
func BootstrapCI(scores []float64, labels []bool, metric func([]float64, []bool) float64, resamples int, level float64, seed uint64) (lo, hi float64) {
	if len(scores) != len(labels) || resamples <= 0 || level <= 0 || level >= 1 {
		return math.NaN(), math.NaN()
	}
	var pos, neg []int
	for i, l := range labels {
		if l {
			pos = append(pos, i)
		} else {
			neg = append(neg, i)
		}
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	s := make([]float64, len(scores))
	l := make([]bool, len(labels))
	stats := make([]float64, 0, resamples)
	for range resamples {
		k := 0
		for _, class := range [][]int{pos, neg} {
			for range class {
				idx := class[rng.IntN(len(class))]
				s[k], l[k] = scores[idx], labels[idx]
				k++
			}
		}
		if v := metric(s, l); !math.IsNaN(v) {
			stats = append(stats, v)
		}
	}
	if len(stats) == 0 {
		return math.NaN(), math.NaN()
	}
	sort.Float64s(stats)
	alpha := (1 - level) / 2
	return quantile(stats, alpha), quantile(stats, 1-alpha)
}

// quantile returns the q-quantile of sorted values by linear interpolation.
func quantile(sorted []float64, q float64) float64 {
	pos := q * float64(len(sorted)-1)
	i := int(math.Floor(pos))
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	frac := pos - float64(i)
	return sorted[i]*(1-frac) + sorted[i+1]*frac
}

func countClasses(labels []bool) (nPos, nNeg int) {
	for _, l := range labels {
		if l {
			nPos++
		} else {
			nNeg++
		}
	}
	return nPos, nNeg
}

// sortedIndex returns the indexes of scores in ascending (or descending)
// score order, NaN scores lowest.
func sortedIndex(scores []float64, descending bool) []int {
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		c := compareScores(scores[a], scores[b])
		if descending {
			return -c
		}
		return c
	})
	return order
}

// compareScores orders scores with NaN below every number.
func compareScores(a, b float64) int {
	switch an, bn := math.IsNaN(a), math.IsNaN(b); {
	case an && bn:
		return 0
	case an:
		return -1
	case bn:
		return 1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func sameScore(a, b float64) bool { return compareScores(a, b) == 0 }

func ratio(n, d int) float64 {
	if d == 0 {
		return math.NaN()
	}
	return float64(n) / float64(d)
}
