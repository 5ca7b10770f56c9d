package model

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// Example is one labeled text for training.
type Example struct {
	Text  string `json:"text"`
	Label bool   `json:"label"`
	// Dataset and Group say where the example came from, so that evaluation
	// can retrain without the group it scores (out-of-group validation).
	Dataset string `json:"dataset,omitempty"`
	Group   string `json:"group,omitempty"`
}

// TrainOptions control training. The zero value is usable.
type TrainOptions struct {
	// Epochs over the data (default 8).
	Epochs int
	// LearningRate of AdaGrad (default 0.2).
	LearningRate float64
	// L2 regularization per step (default 1e-6).
	L2 float64
	// Seed of the example shuffle (default 1).
	Seed uint64
	// Balance reweights classes to equal total weight (default true unless
	// NoBalance is set).
	NoBalance bool
}

func (o TrainOptions) withDefaults() TrainOptions {
	if o.Epochs == 0 {
		o.Epochs = 8
	}
	if o.LearningRate == 0 {
		o.LearningRate = 0.2
	}
	if o.L2 == 0 {
		o.L2 = 1e-6
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	return o
}

// Train fits a logistic regression by AdaGrad on shuffled examples. Given the
// same examples in the same order and the same options it returns the same
// weights bit for bit: arithmetic is sequential and the shuffle is seeded.
func Train(name string, f Featurizer, examples []Example, opt TrainOptions) (*Model, error) {
	if f.Dim == 0 {
		return nil, errors.New("featurizer dimension must be positive")
	}
	var pos, neg int
	for _, e := range examples {
		if e.Label {
			pos++
		} else {
			neg++
		}
	}
	if pos == 0 || neg == 0 {
		return nil, fmt.Errorf("model %s: need both classes, have %d positive and %d negative examples", name, pos, neg)
	}
	opt = opt.withDefaults()
	wPos, wNeg := 1.0, 1.0
	if !opt.NoBalance {
		total := float64(pos + neg)
		wPos, wNeg = total/(2*float64(pos)), total/(2*float64(neg))
	}
	feats := make([][]uint32, len(examples))
	for i, e := range examples {
		feats[i] = f.Features(e.Text, nil)
	}
	w := make([]float64, f.Dim)
	g2 := make([]float64, f.Dim)
	var b, gb2 float64
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x9e3779b97f4a7c15))
	for range opt.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, idx := range order {
			fs := feats[idx]
			norm := 1.0
			if len(fs) > 0 {
				norm = 1 / math.Sqrt(float64(len(fs)))
			}
			z := b
			for _, k := range fs {
				z += w[k] * norm
			}
			p := 1 / (1 + math.Exp(-z))
			y, weight := 0.0, wNeg
			if examples[idx].Label {
				y, weight = 1, wPos
			}
			g := (p - y) * weight
			for _, k := range fs {
				gk := g*norm + opt.L2*w[k]
				g2[k] += gk * gk
				w[k] -= opt.LearningRate * gk / (math.Sqrt(g2[k]) + 1e-8)
			}
			gb2 += g * g
			b -= opt.LearningRate * g / (math.Sqrt(gb2) + 1e-8)
		}
	}
	m := &Model{Name: name, Featurizer: f, Weights: make([]float32, f.Dim), Bias: float32(b)}
	for i, v := range w {
		m.Weights[i] = float32(v)
	}
	return m, nil
}
