package redteam

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/faultline-dev/faultline/internal/profile"
	"github.com/faultline-dev/faultline/internal/report"
	"github.com/faultline-dev/faultline/internal/taxonomy"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// ReportFile is the HTML triage report written into --out.
const ReportFile = "report.html"

// BuildReport builds the triage report of a run with the report package:
// every attack is an analysed trajectory, the production attacks are the
// "production" profile and the offline attacks the "eval" profile, so the
// report's factor gap table compares the two shapes of conversation.
func BuildReport(o *Outcome, tx *taxonomy.Taxonomy, title string) *report.Report {
	var items []report.Item
	evalB, prodB := profile.NewBuilder(ProfileOffline), profile.NewBuilder(ProfileProduction)
	var hasEval, hasProd bool
	for _, a := range o.Attacks {
		if a == nil {
			continue
		}
		tr := &trajectory.Trajectory{ID: a.Key, Source: "redteam:" + a.Key, Format: "openai", Messages: a.Messages,
			Meta: trajectory.Meta{Objective: a.Goal}}
		for _, t := range a.Tools {
			tr.Meta.Tools = append(tr.Meta.Tools, t.Name)
		}
		res := a.Result
		res.Source = tr.Source
		items = append(items, report.Item{Result: res, Trajectory: tr, Risk: a.Risk})
		if a.Profile == ProfileOffline {
			evalB.Add(tr)
			hasEval = true
		} else {
			prodB.Add(tr)
			hasProd = true
		}
	}
	opt := report.Options{Title: title, TopIncidents: 10}
	switch {
	case hasProd:
		p := prodB.Profile()
		opt.Prod = &p
		if hasEval {
			e := evalB.Profile()
			opt.Eval = &e
		}
	case hasEval:
		p := evalB.Profile()
		opt.Prod = &p
	}
	return report.Build(items, tx, opt)
}

// WriteReport writes report.html into dir.
func WriteReport(dir string, o *Outcome, tx *taxonomy.Taxonomy, title string) error {
	f, err := os.Create(filepath.Join(dir, ReportFile))
	if err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if err := BuildReport(o, tx, title).WriteHTML(f); err != nil {
		f.Close()
		return fmt.Errorf("writing the report: %w", err)
	}
	return f.Close()
}
