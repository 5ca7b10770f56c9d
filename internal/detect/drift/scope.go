package drift

import (
	"strings"

	"github.com/faultline-dev/faultline/internal/finding"
)

// Scope: a consequential tool call (deleting, sending, paying, granting
// access) that nothing the user or the system prompt asked for is outside
// the task, whatever supplied its target: an agent asked to summarize
// emails that deletes them has drifted from the user's goal even when no
// injected text told it to.

// action is a set of kinds of consequential actions.
type action uint8

const (
	actDelete action = 1 << iota
	actSend
	actPay
	actAccess
	actAll = actDelete | actSend | actPay | actAccess
)

// actionNames names each kind for excerpts.
var actionNames = [...]struct {
	a    action
	name string
}{{actDelete, "delete"}, {actSend, "send"}, {actPay, "pay"}, {actAccess, "grant access"}}

// callWords map the words of tool names to the action they take.
var callWords = map[string]action{
	"delete": actDelete, "remove": actDelete, "trash": actDelete, "purge": actDelete, "erase": actDelete,
	"wipe": actDelete, "destroy": actDelete, "cancel": actDelete, "unsubscribe": actDelete, "rm": actDelete,
	"send": actSend, "forward": actSend, "post": actSend, "publish": actSend, "reply": actSend, "tweet": actSend,
	"share": actSend | actAccess, "invite": actAccess, "grant": actAccess, "permission": actAccess,
	"permissions": actAccess, "password": actAccess,
	"pay": actPay, "payment": actPay, "transfer": actPay, "wire": actPay, "purchase": actPay, "buy": actPay,
	"checkout": actPay, "order": actPay, "subscribe": actPay, "reserve": actPay, "book": actPay, "refund": actPay,
	"money": actPay, "funds": actPay,
}

// readVerbs start the names of tools that look things up: "get_payments"
// reads payments, it does not pay.
var readVerbs = map[string]bool{"get": true, "list": true, "search": true, "read": true, "fetch": true, "find": true,
	"check": true, "view": true, "show": true, "lookup": true, "query": true, "count": true, "describe": true,
	"retrieve": true, "download": true, "load": true, "open": true, "browse": true, "preview": true, "is": true,
	"has": true, "can": true, "validate": true, "verify": true, "estimate": true, "calculate": true, "compute": true}

// askWords map the words of a request to the actions they ask for (or
// allow: "clean up my inbox" allows deleting).
var askWords = map[string]action{
	"delete": actDelete, "remove": actDelete, "clean": actDelete, "clear": actDelete, "trash": actDelete,
	"archive": actDelete, "purge": actDelete, "tidy": actDelete, "erase": actDelete, "wipe": actDelete,
	"discard": actDelete, "cancel": actDelete, "unsubscribe": actDelete, "drop": actDelete, "rid": actDelete,
	"declutter": actDelete,
	"send":      actSend | actPay, "forward": actSend, "email": actSend, "e-mail": actSend, "mail": actSend,
	"reply": actSend, "respond": actSend, "answer": actSend, "share": actSend | actAccess, "post": actSend,
	"publish": actSend, "tell": actSend, "notify": actSend, "message": actSend, "text": actSend,
	"invite": actSend | actAccess, "write": actSend, "contact": actSend, "inform": actSend, "let": actSend,
	"ask": actSend, "cc": actSend, "announce": actSend, "remind": actSend, "tweet": actSend,
	"pay": actPay, "payment": actPay, "payments": actPay, "transfer": actPay, "wire": actPay, "buy": actPay,
	"purchase": actPay, "order": actPay, "book": actPay, "booking": actPay, "reserve": actPay,
	"reservation": actPay, "subscribe": actPay, "renew": actPay, "refund": actPay, "tip": actPay,
	"donate": actPay, "checkout": actPay, "rent": actPay, "bill": actPay, "bills": actPay, "split": actPay,
	"grant": actAccess, "access": actAccess, "add": actAccess, "password": actAccess, "permission": actAccess,
	"permissions": actAccess, "reset": actAccess, "onboard": actAccess,
}

// delegations hand the choice of actions to the content the user points
// at ("do what the email asks", "follow the instructions in the file").
var delegations = []string{"do what", "follow the instruction", "follow the instructions", "follow the steps",
	"follow the directions", "take care of", "handle ", "complete the task", "complete all", "do the task",
	"do all the", "do the action", "perform the", "execute the", "as instructed", "as described in",
	"to-do", "todo", "whatever", "on my behalf", "act on", "tasks in", "tasks from", "actions in",
	"actions from", "steps in", "what it says", "what they say", "what he says", "what she says",
	"what they ask", "what he asks", "what she asks"}

// asked returns the actions a request or system prompt asks for or allows:
// every action when it delegates them.
func asked(text string) action {
	text = strings.ToLower(head(text, scopeChars))
	for _, d := range delegations {
		if strings.Contains(text, d) {
			return actAll
		}
	}
	var a action
	eachWord(text, func(w string) {
		a |= askWords[w]
	})
	return a
}

// scopeChars bounds the head of a request read for the actions it asks.
const scopeChars = 4096

// callAction returns the action a tool call's name takes (0 for reading,
// listing, searching and the like).
func callAction(name string) action {
	var a action
	first := true
	reads := false
	eachWord(splitCamel(name), func(w string) {
		if first {
			reads, first = readVerbs[w], false
		}
		a |= callWords[w]
	})
	if reads {
		return 0
	}
	if a&actPay != 0 {
		// Sending money, a scheduled transaction: paying, whatever the verb.
		return actPay
	}
	return a
}

// splitCamel lower-cases a name, with a space before each inner capital
// ("sendMoney" -> "send money").
func splitCamel(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				b.WriteByte(' ')
			}
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// eachWord calls f with every run of ASCII letters and hyphens of a
// lower-cased text.
func eachWord(text string, f func(string)) {
	start := -1
	for i := 0; i <= len(text); i++ {
		letter := i < len(text) && (text[i] >= 'a' && text[i] <= 'z' || text[i] == '-' && start >= 0)
		if letter {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			f(strings.Trim(text[start:i], "-"))
			start = -1
		}
	}
}

// unasked returns the names of the actions of a that allowed lacks.
func unasked(a, allowed action) string {
	var names []string
	for _, n := range actionNames {
		if a&n.a != 0 && allowed&n.a == 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, ", ")
}

// ScopeEvidence is the evidence signal name of a call outside the task.
const ScopeEvidence = "tool_call_scope"

// scopeEvidence is the evidence of the first call outside the task.
func (m *Monitor) scopeEvidence() finding.Evidence {
	return finding.Evidence{Turn: m.scopeTurn, Signal: ScopeEvidence, Excerpt: m.scopeExcerpt, Weight: m.scope}
}
