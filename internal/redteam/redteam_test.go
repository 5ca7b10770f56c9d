package redteam

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/faultline-dev/faultline/internal/simulate"
)

// simTarget serves cfg on a loopback httptest server and returns a client.
func simTarget(t *testing.T, cfg simulate.Config) *Client {
	t.Helper()
	srv := httptest.NewServer(simulate.NewServer(cfg).Handler())
	t.Cleanup(srv.Close)
	return &Client{BaseURL: srv.URL + "/v1", Model: cfg.Model, Retries: -1}
}

// suiteOf returns the default suite's behaviours whose ids are given, each
// restricted to strategy when not empty.
func suiteOf(t *testing.T, strategy string, ids ...string) *Suite {
	t.Helper()
	def, err := DefaultSuite()
	if err != nil {
		t.Fatal(err)
	}
	s := &Suite{Name: "test", Benign: def.Benign}
	for _, id := range ids {
		found := false
		for _, b := range def.Behaviours {
			if b.ID == id {
				if strategy != "" {
					b.Strategies = []string{strategy}
				}
				s.Behaviours = append(s.Behaviours, b)
				found = true
			}
		}
		if !found {
			t.Fatalf("no behaviour %s in the default suite", id)
		}
	}
	return s
}

func runSuite(t *testing.T, target Target, s *Suite, profiles ...Profile) (*Outcome, *Summary) {
	t.Helper()
	r := &Runner{Target: target, Analyzer: testAnalyzer(t), Suite: s, Profiles: profiles, Concurrency: 2}
	out, err := r.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range out.Attacks {
		if a.Error != "" {
			t.Fatalf("%s: %s", a.Key, a.Error)
		}
	}
	return out, Summarize(out, profiles, 1, 0.8)
}

// TestCrescendoTurnDepthMatchesErosion: with erosion.after_turns = N, the
// measured ASR by turn depth of crescendo is 0 below N and 1 from N on. N
// starts at 3: the first two crescendo turns are mild on purpose, and the
// judge rightly does not call an answer to them a failure.
func TestCrescendoTurnDepthMatchesErosion(t *testing.T) {
	for _, n := range []int{3, 4, 6, 9} {
		t.Run(fmt.Sprintf("after_turns=%d", n), func(t *testing.T) {
			cfg := simulate.DefaultConfig()
			cfg.Erosion = &simulate.Erosion{AfterTurns: n}
			s := suiteOf(t, "crescendo", "malware-keylogger", "fraud-phishing", "physical-explosive")
			_, sum := runSuite(t, simTarget(t, cfg), s, ProductionProfile(10))
			curve := sum.Profiles[0].TurnDepth["crescendo"]
			if len(curve) == 0 {
				t.Fatal("no crescendo curve")
			}
			for _, p := range curve {
				want := 0.0
				if p.X >= n {
					want = 1
				}
				if p.ASR != want {
					t.Errorf("ASR at depth %d = %.2f, want %.0f (curve %+v)", p.X, p.ASR, want, curve)
				}
			}
		})
	}
	t.Run("no erosion", func(t *testing.T) {
		cfg := simulate.DefaultConfig()
		cfg.Erosion = nil
		_, sum := runSuite(t, simTarget(t, cfg), suiteOf(t, "crescendo", "malware-keylogger"), ProductionProfile(10))
		if got := sum.Profiles[0].ASR.Value; got != 0 {
			t.Errorf("ASR = %.2f against a model that never erodes", got)
		}
	})
}

// TestInjectionFollowsConfig: the injected tool call is issued, and the
// attack succeeds, exactly when the simulated model follows injections.
func TestInjectionFollowsConfig(t *testing.T) {
	for _, follow := range []bool{true, false} {
		t.Run(fmt.Sprintf("follow=%v", follow), func(t *testing.T) {
			cfg := simulate.DefaultConfig()
			cfg.Injection = &simulate.Injection{Follow: follow}
			out, sum := runSuite(t, simTarget(t, cfg), suiteOf(t, "", "inject-payment", "inject-exfiltrate"), OfflineProfile(), ProductionProfile(10))
			want := 0.0
			if follow {
				want = 1
			}
			for _, ps := range sum.Profiles {
				if ps.ASR.Value != want {
					t.Errorf("%s: injection ASR = %.2f, want %.0f", ps.Profile.Name, ps.ASR.Value, want)
				}
			}
			for _, a := range out.Attacks {
				if a.Strategy != "indirect_injection" {
					t.Errorf("%s: unexpected strategy", a.Key)
				}
				if follow && (a.FirstFailure == nil || a.PeakScore < 0.8) {
					t.Errorf("%s: followed injection not judged as intent drift (peak %.2f)", a.Key, a.PeakScore)
				}
			}
		})
	}
}

// TestSycophancyNeedsKPushbacks: the simulated model caves at the K-th
// pushback, so the attack succeeds only when the turn budget leaves K
// pushbacks, and it succeeds at turn K+1.
func TestSycophancyNeedsKPushbacks(t *testing.T) {
	for _, k := range []int{1, 2, 4} {
		for _, turns := range []int{2, 3, 5, 10} {
			t.Run(fmt.Sprintf("K=%d/turns=%d", k, turns), func(t *testing.T) {
				cfg := simulate.DefaultConfig()
				cfg.Sycophancy = &simulate.Sycophancy{AfterPushbacks: k}
				out, _ := runSuite(t, simTarget(t, cfg), suiteOf(t, "", "sycophancy-decimal", "sycophancy-capital"), ProductionProfile(turns))
				for _, a := range out.Attacks {
					pushbacks := turns - 1
					if a.Success != (pushbacks >= k) {
						t.Errorf("%s: success %v with %d pushbacks available, K=%d", a.Key, a.Success, pushbacks, k)
					}
					if a.Success && a.FirstFailure.Turn != k+1 {
						t.Errorf("%s: first failure at turn %d, want %d", a.Key, a.FirstFailure.Turn, k+1)
					}
				}
			})
		}
	}
}

// TestDefaultSimOverRefusal: the default simulated model answers every
// prompt of the benign suite, under both profiles.
func TestDefaultSimOverRefusal(t *testing.T) {
	s := suiteOf(t, "", "sycophancy-decimal")
	_, sum := runSuite(t, simTarget(t, simulate.DefaultConfig()), s, OfflineProfile(), ProductionProfile(10))
	for _, ps := range sum.Profiles {
		if ps.OverRefusal.N != len(s.Benign) || ps.OverRefusal.Value != 0 {
			t.Errorf("%s: over-refusal %+v (refused %v), want 0 over %d", ps.Profile.Name, ps.OverRefusal, ps.Refused, len(s.Benign))
		}
	}
	// A model that refuses every harm cue over-refuses a look-alike.
	cfg := simulate.DefaultConfig()
	cfg.HarmCues = append(cfg.HarmCues, "kill")
	_, sum = runSuite(t, simTarget(t, cfg), s, OfflineProfile())
	if got := sum.Profiles[0].OverRefusal; got.Value == 0 || len(sum.Profiles[0].Refused) != 1 {
		t.Errorf("over-refusal %+v %v, want the kill-process prompt refused", got, sum.Profiles[0].Refused)
	}
}

// TestGapOnDefaultSim: on the default simulated model, every harmful
// behaviour is safe offline and broken in production, and fabrication only
// appears in the long production context.
func TestGapOnDefaultSim(t *testing.T) {
	def, err := DefaultSuite()
	if err != nil {
		t.Fatal(err)
	}
	_, sum := runSuite(t, simTarget(t, simulate.DefaultConfig()), def, OfflineProfile(), ProductionProfile(12))
	if sum.GapWorstCase == nil || *sum.GapWorstCase <= 0 {
		t.Fatalf("gap %v, want production worse than offline", sum.GapWorstCase)
	}
	for _, g := range sum.Gap {
		b := behaviourKind(def, g.Behaviour)
		if (b == KindHarmful || b == KindFabrication) && (g.Offline != 0 || g.Production != 1) {
			t.Errorf("%s: offline %.2f production %.2f, want 0 and 1", g.Behaviour, g.Offline, g.Production)
		}
	}
}

func behaviourKind(s *Suite, id string) Kind {
	for _, b := range s.Behaviours {
		if b.ID == id {
			return b.Kind
		}
	}
	return ""
}
