package policy

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"cel.dev/cel-go/cel"
	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"github.com/faultline-dev/faultline/internal/finding"
)

// Rule is one named escalation rule as loaded from a policy file.
type Rule struct {
	// Name identifies the rule in decisions, headers and metrics.
	Name string
	// When is the CEL condition; the rule fires when it evaluates to true.
	When string
	// Action is what happens when the rule fires.
	Action Action
	// Severity grades the rule's incidents (defaults by action: allow and
	// annotate low, warn medium, review and block high, terminate critical).
	Severity finding.Severity
	// OnError says what an evaluation error means for this rule.
	OnError OnError
	// Message is an optional human-readable explanation.
	Message string
	// Line and Column locate the rule in its file.
	Line, Column int
}

// compiledRule is a Rule with its compiled condition.
type compiledRule struct {
	Rule
	prg cel.Program
	// loops is set when the condition has a comprehension (all, exists,
	// map, filter): only those can run long enough to need the context
	// checked during evaluation, which costs an allocation per call.
	loops bool
}

// Settings are the policy-wide options.
type Settings struct {
	// OnError is the default for rules without on_error and for detector
	// errors in the gateway (open unless the file says closed).
	OnError OnError
	// BlockMode says how a block is answered (error unless configured).
	BlockMode BlockMode
	// SafeCompletion is the assistant text used in safe_completion mode.
	SafeCompletion string
	// Reminder is the safety reminder pinned into the next request on warn.
	Reminder string
	// NeutralizeRoleMarkers makes the gateway rewrite chat-template tokens
	// and faked role labels in user and tool content before forwarding a
	// request, so that they cannot spoof the upstream's chat template.
	NeutralizeRoleMarkers bool
}

// Policy is a compiled, immutable escalation policy. It is safe for
// concurrent use.
type Policy struct {
	source   string
	settings Settings
	rules    []compiledRule
}

// Source returns the name the policy was loaded from (a path, or "default").
func (p *Policy) Source() string { return p.source }

// Settings returns the policy-wide options.
func (p *Policy) Settings() Settings { return p.settings }

// Rules returns the policy's rules in file order.
func (p *Policy) Rules() []Rule {
	out := make([]Rule, len(p.rules))
	for i, r := range p.rules {
		out[i] = r.Rule
	}
	return out
}

// Fired is one rule that fired in a Decision.
type Fired struct {
	// Rule is the rule's name.
	Rule string
	// Action is the rule's action.
	Action Action
	// Severity is the rule's severity.
	Severity finding.Severity
	// Message is the rule's message (may be empty).
	Message string
	// Err is non-nil when the rule fired only because its condition failed
	// to evaluate and its on_error is closed.
	Err error
}

// RuleError is an evaluation error of one rule.
type RuleError struct {
	// Rule is the rule's name.
	Rule string
	// OnError is how the error was handled: open (the rule did not fire)
	// or closed (the rule fired).
	OnError OnError
	// Err says what failed.
	Err error
}

// Error implements error.
func (e RuleError) Error() string {
	return fmt.Sprintf("rule %q (on_error %s): %v", e.Rule, e.OnError, e.Err)
}

// Unwrap returns the underlying error.
func (e RuleError) Unwrap() error { return e.Err }

// Decision is the outcome of evaluating a policy on one Input.
type Decision struct {
	// Action is the highest action among the rules that fired (allow when
	// none fired).
	Action Action
	// Rule names the rule that decided Action: the first rule, in file
	// order, with the highest action. Empty when no rule fired.
	Rule string
	// Message is the deciding rule's message.
	Message string
	// Severity is the highest severity among the rules that fired (empty
	// when none fired).
	Severity finding.Severity
	// Fired lists every rule that fired, in file order.
	Fired []Fired
	// Errors lists every rule whose condition failed to evaluate, in file
	// order, whether or not it fired.
	Errors []RuleError
}

// Err joins the decision's evaluation errors (nil when there were none).
func (d Decision) Err() error {
	if len(d.Errors) == 0 {
		return nil
	}
	errs := make([]error, len(d.Errors))
	for i, e := range d.Errors {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// RuleNames returns the names of the rules that fired, comma-separated, for
// an annotation header.
func (d Decision) RuleNames() string {
	names := make([]string, len(d.Fired))
	for i, f := range d.Fired {
		names[i] = f.Rule
	}
	return strings.Join(names, ",")
}

// Evaluate runs every rule on in and returns the decision. Rules whose
// condition fails to evaluate (a missing map key, a division by zero, a
// cancelled ctx) are handled by their on_error and recorded in
// Decision.Errors. Evaluate never fails as a whole.
func (p *Policy) Evaluate(ctx context.Context, in Input) Decision {
	act := &activation{in: in}
	var d Decision
	for i := range p.rules {
		r := &p.rules[i]
		fired, err := r.eval(ctx, act)
		if err != nil {
			err = fmt.Errorf("evaluate condition: %w", err)
			d.Errors = append(d.Errors, RuleError{Rule: r.Name, OnError: r.OnError, Err: err})
			fired = r.OnError == OnErrorClosed
		}
		if !fired {
			continue
		}
		d.Fired = append(d.Fired, Fired{Rule: r.Name, Action: r.Action, Severity: r.Severity, Message: r.Message, Err: err})
		if len(d.Fired) == 1 || r.Action > d.Action {
			d.Action, d.Rule, d.Message = r.Action, r.Name, r.Message
		}
		if r.Severity.Rank() > d.Severity.Rank() {
			d.Severity = r.Severity
		}
	}
	return d
}

// eval evaluates the rule's condition.
func (r *compiledRule) eval(ctx context.Context, act *activation) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if r.prg == nil {
		return false, errors.New("rule has no compiled condition")
	}
	var (
		out ref.Val
		err error
	)
	if r.loops {
		out, _, err = r.prg.ContextEval(ctx, act)
	} else {
		out, _, err = r.prg.Eval(act)
	}
	if err != nil {
		return false, err
	}
	b, ok := out.(types.Bool)
	if !ok {
		return false, fmt.Errorf("condition evaluated to %s, not bool", out.Type().TypeName())
	}
	return bool(b), nil
}

// activation resolves the CEL variables from an Input without building a map.
type activation struct{ in Input }

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case varSession:
		return &a.in.Session, true
	case varRequest:
		return &a.in.Request, true
	case varResponse:
		return &a.in.Response, true
	case varToolCall:
		return &a.in.ToolCall, true
	}
	return nil, false
}

// Parent implements interpreter.Activation.
func (a *activation) Parent() interpreter.Activation { return nil }

// compile type-checks and plans a rule's condition, recording errors at
// their position in the policy file.
func (l *loader) compile(env *cel.Env, s *ruleSpec) (cel.Program, bool) {
	checked, iss := env.Compile(s.When)
	if iss != nil && iss.Err() != nil {
		for _, e := range iss.Errors() {
			p := nodePos(s.whenNode)
			if e.Location != nil {
				p = l.exprPos(s.whenNode, s.When, e.Location.Line(), e.Location.Column())
			}
			l.add(p, nil, "%s", celMessage(e.Message))
		}
		return nil, false
	}
	if out := checked.OutputType(); !out.IsExactType(types.BoolType) {
		l.add(nodePos(s.whenNode), nil, "\"when\" must evaluate to bool, got %s", out)
		return nil, false
	}
	prg, err := env.Program(checked,
		cel.EvalOptions(cel.OptOptimize),
		cel.InterruptCheckFrequency(interruptCheckFrequency),
	)
	if err != nil {
		l.add(nodePos(s.whenNode), err, "plan condition: %v", err)
		return nil, false
	}
	return prg, hasLoops(checked)
}

// hasLoops reports whether a checked expression contains a comprehension.
func hasLoops(checked *cel.Ast) bool {
	nav := celast.NavigateAST(checked.NativeRep())
	return len(celast.MatchDescendants(nav, celast.KindMatcher(celast.ComprehensionKind))) > 0
}

// interruptCheckFrequency is how many comprehension iterations run between
// checks of the evaluation context.
const interruptCheckFrequency = 64

// celMessage trims CEL noise that means nothing to a policy author.
func celMessage(m string) string {
	return strings.TrimSuffix(m, " (in container '')")
}

// Without returns a copy of the policy without the named rules (names it
// does not have are ignored); the settings and the other rules are shared.
// The red-team harness uses it to ablate rules one at a time.
func (p *Policy) Without(names ...string) *Policy {
	drop := make(map[string]bool, len(names))
	for _, n := range names {
		drop[n] = true
	}
	q := &Policy{source: p.source, settings: p.settings}
	for _, r := range p.rules {
		if !drop[r.Name] {
			q.rules = append(q.rules, r)
		}
	}
	return q
}
