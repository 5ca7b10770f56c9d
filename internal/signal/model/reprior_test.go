package model

import (
	"math"
	"testing"
)

func TestReprior(t *testing.T) {
	for _, tc := range []struct{ p, r, want float64 }{
		{0, 1.0 / 3, 0}, {1, 1.0 / 3, 1}, {0.5, 1, 0.5}, {0.5, 1.0 / 3, 0.25}, {0.75, 1.0 / 3, 0.5},
	} {
		if got := Reprior(tc.p, tc.r); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Reprior(%v, %v) = %v, want %v", tc.p, tc.r, got, tc.want)
		}
	}
}
