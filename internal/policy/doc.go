// Package policy evaluates escalation policies: named rules whose conditions
// are CEL expressions over what faultline knows about a live session (its
// phenomenon and cause scores, findings and turn count), the request being
// proxied, the response coming back and any tool call the model wants to
// make.
//
// It exists so that the gateway's reaction to a detected failure is data a
// safety team owns and reviews, not code: a policy says when a session is
// merely annotated, when a safety reminder is re-pinned, when a tool call is
// held for human review, blocked, or when the whole session is terminated.
// Policies are YAML files (strict: unknown keys are errors) and every load
// error names FILE:LINE:COLUMN, including CEL type errors inside a rule's
// condition, so a typo in a field name is caught when the gateway starts and
// never silently turns a rule off in production.
//
// Expressions are parsed and type-checked once, at load; evaluating a Policy
// only runs the compiled programs, costs a few microseconds per rule, and is
// safe for concurrent use. A default policy is embedded (see Default).
package policy
