package policy

import (
	"fmt"

	"github.com/faultline-dev/faultline/internal/finding"
)

// Action is what the gateway does when a rule fires. Actions are ordered;
// when several rules fire the highest action wins.
type Action int

// Actions, lowest first.
const (
	// ActionAllow lets the exchange through unchanged (a rule that fires with
	// allow is only recorded).
	ActionAllow Action = iota
	// ActionAnnotate adds a response header naming the rules that fired.
	ActionAnnotate
	// ActionWarn pins the safety reminder and the registered system prompt
	// into the next upstream request.
	ActionWarn
	// ActionReview withholds the tool call and creates a pending review.
	ActionReview
	// ActionBlock refuses the exchange (an API error or a safe completion,
	// per the policy's block_mode).
	ActionBlock
	// ActionTerminate closes the session; later requests are refused.
	ActionTerminate
)

// actionList is the allowed spellings, for error messages.
const actionList = "allow, annotate, warn, review, block, terminate"

// String returns the YAML spelling of the action.
func (a Action) String() string {
	switch a {
	case ActionAllow:
		return "allow"
	case ActionAnnotate:
		return "annotate"
	case ActionWarn:
		return "warn"
	case ActionReview:
		return "review"
	case ActionBlock:
		return "block"
	case ActionTerminate:
		return "terminate"
	}
	return fmt.Sprintf("action(%d)", int(a))
}

// valid reports whether a is one of the declared actions.
func (a Action) valid() bool { return a >= ActionAllow && a <= ActionTerminate }

// ParseAction parses the YAML spelling of an action.
func ParseAction(s string) (Action, error) {
	for a := ActionAllow; a <= ActionTerminate; a++ {
		if a.String() == s {
			return a, nil
		}
	}
	return ActionAllow, fmt.Errorf("unknown action %q (want one of %s)", s, actionList)
}

// MarshalText implements encoding.TextMarshaler.
func (a Action) MarshalText() ([]byte, error) {
	if !a.valid() {
		return nil, fmt.Errorf("marshal action: invalid value %d", int(a))
	}
	return []byte(a.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (a *Action) UnmarshalText(b []byte) error {
	v, err := ParseAction(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// OnError says how an evaluation error is treated.
type OnError string

// OnError values.
const (
	// OnErrorOpen treats a rule whose condition fails to evaluate as not
	// firing (fail open); the error is recorded in the Decision.
	OnErrorOpen OnError = "open"
	// OnErrorClosed treats a rule whose condition fails to evaluate as
	// firing (fail closed); the error is recorded in the Decision.
	OnErrorClosed OnError = "closed"
)

// parseOnError validates an on_error value.
func parseOnError(s string) (OnError, error) {
	switch v := OnError(s); v {
	case OnErrorOpen, OnErrorClosed:
		return v, nil
	}
	return "", fmt.Errorf("unknown on_error %q (want open or closed)", s)
}

// BlockMode says how the gateway answers a blocked exchange.
type BlockMode string

// Block modes.
const (
	// BlockError answers with an error in the client API's format.
	BlockError BlockMode = "error"
	// BlockSafeCompletion answers with an assistant message carrying the
	// policy's safe_completion text.
	BlockSafeCompletion BlockMode = "safe_completion"
)

// parseBlockMode validates a block_mode value.
func parseBlockMode(s string) (BlockMode, error) {
	switch v := BlockMode(s); v {
	case BlockError, BlockSafeCompletion:
		return v, nil
	}
	return "", fmt.Errorf("unknown block_mode %q (want error or safe_completion)", s)
}

// parseSeverity validates a severity value.
func parseSeverity(s string) (finding.Severity, error) {
	if v := finding.Severity(s); v.Rank() > 0 {
		return v, nil
	}
	return "", fmt.Errorf("unknown severity %q (want low, medium, high or critical)", s)
}

// defaultSeverity is the severity of a rule that does not set one.
func defaultSeverity(a Action) finding.Severity {
	switch a {
	case ActionAllow, ActionAnnotate:
		return finding.SeverityLow
	case ActionWarn:
		return finding.SeverityMedium
	case ActionReview, ActionBlock:
		return finding.SeverityHigh
	}
	return finding.SeverityCritical
}
