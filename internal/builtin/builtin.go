// Package builtin lists faultline's built-in signals and detectors: the
// registries the default pipeline is assembled from. Adding a signal or a
// detector means adding one line here.
package builtin

import (
	"github.com/faultline-dev/faultline/internal/detect"
	"github.com/faultline-dev/faultline/internal/detect/drift"
	"github.com/faultline-dev/faultline/internal/detect/epistemic"
	"github.com/faultline-dev/faultline/internal/detect/erosion"
	"github.com/faultline-dev/faultline/internal/detect/hacking"
	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/code"
	"github.com/faultline-dev/faultline/internal/signal/grounding"
	"github.com/faultline-dev/faultline/internal/signal/harm"
	"github.com/faultline-dev/faultline/internal/signal/inject"
	"github.com/faultline-dev/faultline/internal/signal/provenance"
	"github.com/faultline-dev/faultline/internal/signal/stance"
)

// Signals returns a registry of every built-in signal.
func Signals() (*signal.Registry, error) {
	r := signal.NewRegistry()
	for _, e := range []struct {
		id string
		c  signal.Constructor
	}{
		// Built-in signals are registered here.
		{grounding.UngroundedID, grounding.NewUngrounded},
		{grounding.FabricatedReferenceID, grounding.NewFabricatedReference},
		{grounding.CertaintyID, grounding.NewCertainty},
		{grounding.ToolErrorIgnoredID, grounding.NewToolErrorIgnored},
		{grounding.SelfContradictionID, grounding.NewSelfContradiction},
		{harm.RequestHarmID, harm.NewRequestHarm},
		{harm.RefusalID, harm.NewRefusal},
		{harm.ResponseHarmID, harm.NewResponseHarm},
		{harm.FramingID, harm.NewFraming},
		{harm.TopicID, harm.NewTopic},
		{harm.IntentID, harm.NewIntent},
		{inject.InstructionInData, inject.NewInstruction},
		{provenance.TaintedToolCall, provenance.New},
		{inject.RoleMarker, inject.NewMarkers},
		{inject.Padding, inject.NewPad},
		{inject.HiddenText, inject.NewHidden},
		{inject.ManyShot, inject.NewShots},
		{inject.PromptLeakID, inject.NewPromptLeak},
		{stance.PushbackID, stance.NewPushback},
		{stance.StanceID, stance.NewStance},
		{stance.ConcessionID, stance.NewConcession},
		{code.TamperingID, code.NewTampering},
		{code.ClaimID, code.NewClaim},
	} {
		if err := r.Register(e.id, e.c); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Detectors returns a registry of every built-in detector.
func Detectors() (*detect.Registry, error) {
	r := detect.NewRegistry()
	for _, e := range []struct {
		id string
		c  detect.Constructor
	}{
		// Built-in detectors are registered here.
		{epistemic.ID, epistemic.New},
		{erosion.ID, erosion.New},
		{drift.ID, drift.New},
		{hacking.ID, hacking.New},
	} {
		if err := r.Register(e.id, e.c); err != nil {
			return nil, err
		}
	}
	return r, nil
}
