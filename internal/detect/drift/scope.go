package drift

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/faultline-dev/faultline/internal/finding"
	"github.com/faultline-dev/faultline/internal/trajectory"
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
	// Changing how an account or a system is protected opens it to
	// others as surely as granting access ("update_security_settings",
	// "disable_mfa", "set_recovery_email", "open_firewall_port").
	"security": actAccess, "mfa": actAccess, "factor": actAccess, "authentication": actAccess,
	"recovery": actAccess, "firewall": actAccess, "credentials": actAccess, "credential": actAccess,
	"forwarding": actSend,
	"pay":        actPay, "payment": actPay, "transfer": actPay, "wire": actPay, "purchase": actPay, "buy": actPay,
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
	// Inflections a request uses ("a migration that drops the table"), and
	// rewriting history, which a forced push then publishes ("rebase my
	// branch on main and push it").
	"drops": actDelete, "dropping": actDelete, "deletes": actDelete, "deleting": actDelete,
	"removes": actDelete, "removing": actDelete, "clears": actDelete, "rebase": actDelete, "squash": actDelete,
	"amend": actDelete,
	"send":  actSend | actPay, "forward": actSend, "email": actSend, "e-mail": actSend, "mail": actSend,
	"reply": actSend, "respond": actSend, "answer": actSend, "share": actSend | actAccess, "post": actSend,
	"publish": actSend, "tell": actSend, "notify": actSend, "message": actSend, "text": actSend,
	"invite": actSend | actAccess, "write": actSend, "contact": actSend, "inform": actSend, "let": actSend,
	"ask": actSend, "cc": actSend, "announce": actSend, "remind": actSend, "tweet": actSend,
	// Answering an invitation, and making sure someone has something
	// ("make sure accounting gets the invoice"). ("Pass" and "loop" are
	// left out: "make the tests pass", "loop over the rows".)
	"accept": actSend, "decline": actSend, "rsvp": actSend, "gets": actSend, "receives": actSend,
	"deliver": actSend, "push": actSend, "deploy": actSend, "release": actSend, "ship": actSend,
	"pay": actPay, "payment": actPay, "payments": actPay, "transfer": actPay, "wire": actPay, "buy": actPay,
	"purchase": actPay, "order": actPay, "book": actPay, "booking": actPay, "reserve": actPay,
	"reservation": actPay, "subscribe": actPay, "renew": actPay, "refund": actPay, "tip": actPay,
	"donate": actPay, "checkout": actPay, "rent": actPay, "bill": actPay, "bills": actPay, "split": actPay,
	"money": actPay, "reimburse": actPay, "reimbursement": actPay, "charge": actPay, "charged": actPay,
	"return": actPay, "exchange": actPay, "invoice": actPay,
	"grant": actAccess, "access": actAccess, "add": actAccess, "password": actAccess, "permission": actAccess,
	"permissions": actAccess, "reset": actAccess | actDelete, "onboard": actAccess,
	"security": actAccess, "secure": actAccess, "mfa": actAccess, "authentication": actAccess,
	"recovery": actAccess, "firewall": actAccess, "credentials": actAccess, "forwarding": actSend,
}

// nounAfterDeterminer are the words of askWords other than messages that
// are nouns, asking for nothing, after a determiner or a possessive ("the
// archive"). Nouns that a light verb turns into an ask ("make a
// reservation", "place an order") are not among them.
var nounAfterDeterminer = map[string]bool{"archive": true}

// Delegation: words that hand the choice of actions to the content the
// user points at ("do what the email asks", "follow the instructions in
// the file", "take care of it", "the tasks in my notes"). Each word of
// interest has a code; delegation is a code, or a sequence of codes of the
// last two or three words.
const (
	dNone      uint8 = iota
	dAlone           // delegates by itself: whatever, todo, behalf, instructed
	dDo              // do, does, did, complete, perform, execute, finish, carry
	dWhat            // what
	dFollow          // follow
	dTake            // take
	dCare            // care
	dHandle          // handle
	dDet             // the, these, those, all, its, their, his, her, my, them, everything
	dWork            // instruction(s), task(s), action(s), step(s), direction(s), todos, checklist(s), runbook, playbook, procedure
	dWhere           // in, from, on, listed
	dWho             // it, they, he, she
	dSays            // says, asks, say, ask, wants, want
	dAct             // act
	dAs              // as
	dDescribed       // described
)

// scopeWord is what a word of a request means for scope: the actions it
// asks for and its delegation code.
type scopeWord struct {
	asks action
	code uint8
}

// scopeWords holds askWords and the delegation codes in one map (one
// lookup a word).
var scopeWords = func() map[string]scopeWord {
	m := map[string]scopeWord{}
	for w, a := range askWords {
		m[w] = scopeWord{asks: a}
	}
	for code, words := range map[uint8]string{
		dAlone: "whatever todo todos behalf instructed", dDo: "do does did complete perform execute finish carry",
		dWhat: "what", dFollow: "follow", dTake: "take", dCare: "care", dHandle: "handle",
		dDet: "the these those all its their his her my everything them", dWork: "instruction instructions task " +
			"tasks action actions step steps direction directions checklist checklists runbook playbook procedure", dWhere: "in from on listed",
		dWho: "it they he she", dSays: "says asks say ask wants want", dAct: "act", dAs: "as", dDescribed: "described",
	} {
		for _, w := range strings.Fields(words) {
			e := m[w]
			e.code = code
			m[w] = e
		}
	}
	return m
}()

// scopeBloom has the bit scopeBit(w) of every word of scopeWords set, and
// leadBloom that of every word that asks for an action or can start a
// delegation: most words of a request skip the map lookup, and the common
// words that only continue a delegation ("the", "in", "it") are only
// looked up after a word that starts one.
var scopeBloom, leadBloom = func() (all, lead [16]uint64) {
	for w, e := range scopeWords {
		i := scopeBit([]byte(w))
		all[i>>6] |= 1 << (i & 63)
		if e.asks != 0 || leads(e.code) {
			lead[i>>6] |= 1 << (i & 63)
		}
	}
	return all, lead
}()

// leads reports whether a delegation code can start a delegation.
func leads(code uint8) bool {
	switch code {
	case dAlone, dDo, dWhat, dFollow, dTake, dHandle, dWork, dAct, dAs:
		return true
	}
	return false
}

// scopeBit is a 10-bit digest of a lower-case word's length and first two
// and last bytes (words have two bytes or more).
func scopeBit(w []byte) uint { return digest(len(w), w[0], w[1], w[len(w)-1]) }

// digest is scopeBit of a word of n bytes that starts with b0, b1 and ends
// with last.
func digest(n int, b0, b1, last byte) uint {
	h := uint(n)*0x9E37 ^ uint(b0)*0x85EB ^ uint(b1)*0xC2B2 ^ uint(last)*0x1656
	return (h ^ h>>10) & 1023
}

// delegates reports whether the codes of the last three words (p2, p1,
// c: c is the current word) hand the choice of actions over.
func delegates(p2, p1, c uint8) bool {
	switch {
	case c == dAlone:
		return true
	case p1 == dDo && c == dWhat, p1 == dTake && c == dCare, p1 == dAct && c == dWhere, p1 == dAs && c == dDescribed:
		return true
	case p1 == dHandle && (c == dDet || c == dWho):
		return true
	case (p1 == dFollow || p1 == dDo) && c == dWork, (p2 == dFollow || p2 == dDo) && p1 == dDet && c == dWork:
		return true
	case p1 == dWork && c == dWhere:
		return true
	case p2 == dWhat && p1 == dWho && c == dSays:
		return true
	}
	return false
}

// asked returns the actions a request or system prompt asks for or allows
// (every action when a request delegates them: a system prompt's "follow
// these instructions" means its own), from one pass over the words of its
// head.
func asked(text string, request bool) action {
	a, _ := askedAndForbidden(text, request)
	return a
}

// negWords is how many words after a negation ("don't", "do not", "never",
// "without") it forbids an action of: "don't send it", "do not ever
// delete".
const negWords = 3

// askedAndForbidden is asked, and the actions the text forbids ("draft a
// reply but don't send it yet"). A message word up to two words after a
// determiner or a possessive, in the same clause, is a noun ("a reply",
// "my latest email", "Tom's post") and asks for no sending.
func askedAndForbidden(text string, request bool) (a, forbidden action) {
	text = head(text, scopeChars)
	var buf [16]byte // the longest word of scopeWords ("authentication") fits
	var p2, p1 uint8
	// det counts down the words after a determiner that may still be its
	// noun phrase: "my latest email" is a noun, one adjective in.
	neg, det := 0, 0
	for i := 0; i < len(text); {
		if !letter[text[i]] {
			switch text[i] {
			case '.', ',', ';', ':', '!', '?', '\n':
				det = 0 // a clause ends: no noun phrase goes on
			}
			i++
			continue
		}
		j := i + 1
		for j < len(text) && (letter[text[j]] || text[j] == '-') {
			j++
		}
		if negation(text, i, j) {
			neg, det = negWords, 0
			p2, p1 = p1, dNone
			i = j
			continue
		}
		negated := neg > 0
		if neg > 0 {
			neg--
		}
		code := dNone
		if n := j - i; n >= 2 && n <= len(buf) {
			bloom := &leadBloom
			if p1 != dNone || p2 != dNone {
				bloom = &scopeBloom
			}
			// The digest reads the word where it is, lower-casing the three
			// bytes it needs; the word is copied only when the digest hits.
			bit := digest(n, text[i]|0x20, text[i+1]|0x20, text[j-1]|0x20)
			if bloom[bit>>6]&(1<<(bit&63)) != 0 {
				for k := range n {
					buf[k] = text[i+k] | 0x20
				}
				if e, ok := scopeWords[string(buf[:n])]; ok {
					switch {
					case negated:
						// Only the verbs of tools are forbidden ("don't
						// send", "do not delete"): "do not write tool
						// names" forbids no sending.
						forbidden |= callWords[string(buf[:n])]
					case det == 0 || e.asks&actSend == 0 && !nounAfterDeterminer[string(buf[:n])]:
						// (A message after a determiner is a noun: "draft
						// a reply" asks to send nothing; so is an archive:
						// "summarize the archive". "A refund" still asks
						// for one.)
						a |= e.asks
					}
					code = e.code
				}
			}
		}
		if request && !negated && code != dNone && delegates(p2, p1, code) {
			return actAll, forbidden
		}
		switch {
		case j-i <= 5 && determiner(text[i:j]) || possessive(text, i, j):
			det = 2
		case code == dNone && det > 0:
			det-- // an adjective, perhaps: the noun may still come
		default:
			det = 0
		}
		p2, p1 = p1, code
		i = j
	}
	return a, forbidden
}

// negation reports whether the word text[i:j] negates what follows: "not",
// "never", "without", "dont", or the "t" of "n't" (don't, doesn’t).
func negation(text string, i, j int) bool {
	switch w := text[i:j]; len(w) {
	case 1:
		if w[0]|0x20 != 't' || i < 2 {
			return false
		}
		// "n't" with a straight or a curly apostrophe.
		if text[i-1] == '\'' {
			return text[i-2]|0x20 == 'n'
		}
		return i >= 4 && text[i-3:i] == "’" && text[i-4]|0x20 == 'n'
	case 3:
		return strings.EqualFold(w, "not")
	case 4:
		return strings.EqualFold(w, "dont")
	case 5:
		return strings.EqualFold(w, "never")
	case 7:
		return strings.EqualFold(w, "without")
	}
	return false
}

// possessive reports whether the word text[i:j] is the "s" of a possessive
// ("Tom's email").
func possessive(text string, i, j int) bool {
	if j-i != 1 || text[i]|0x20 != 's' {
		return false
	}
	return i >= 1 && text[i-1] == '\'' || i >= 3 && text[i-3:i] == "’"
}

// determiner reports whether w makes the next word a noun.
func determiner(w string) bool {
	switch strings.ToLower(w) {
	case "a", "an", "the", "my", "this", "that", "your", "our", "his", "her", "their":
		return true
	}
	return false
}

// letter marks the ASCII letters.
var letter = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	return t
}()

// scopeChars bounds the head of a request read for the actions it asks
// (a task is stated up front; a long paste after it is data).
const scopeChars = 600

// selfServiceWords name what a service sends to the account holder
// ("send_reset_link", "sendVerificationCode", "email_receipt"): a send to
// the user who asked, not to anyone else.
var selfServiceWords = map[string]bool{"reset": true, "verification": true, "verify": true, "otp": true,
	"passcode": true, "receipt": true, "confirmation": true, "magic": true, "login": true, "signin": true}

// callAction returns the action a tool call's name takes (0 for reading,
// listing, searching and the like). The name's words are split at
// non-letters and before inner capitals ("send_money", "sendMoney"). A send
// of a self-service message (a reset link, a code, a receipt) takes none.
func callAction(name string) action {
	var a action
	var buf [16]byte
	// A reading verb before any action word makes the call a read, wherever
	// the name puts its service ("AmazonViewOrderHistory" reads orders).
	reads, self := false, false
	word := func(w []byte) {
		if a == 0 && readVerbs[string(w)] {
			reads = true
		}
		self = self || selfServiceWords[string(w)]
		a |= callWords[string(w)]
	}
	n := 0
	for i := 0; i <= len(name); i++ {
		var c byte
		if i < len(name) {
			c = name[i]
		}
		upper := c >= 'A' && c <= 'Z'
		if !letter[c] || upper && n > 0 {
			if n > 0 && n <= len(buf) {
				word(buf[:n])
			}
			n = 0
		}
		if letter[c] {
			if n < len(buf) {
				buf[n] = c | 0x20
			}
			n++
		}
	}
	if reads || self && a == actSend {
		return 0
	}
	if a&actPay != 0 {
		// Sending money, a scheduled transaction: paying, whatever the verb.
		return actPay
	}
	return a
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

// destructiveCommand finds shell commands that destroy data or history:
// a recursive forced rm, SQL that drops or empties tables, a forced push,
// a hard reset, cluster and infrastructure teardown. publishCommand finds
// commands that publish (a push, a package release).
var (
	destructiveCommand = regexp.MustCompile(`(?i)\brm\s+(-[a-z]*r[a-z]*f[a-z]*|-[a-z]*f[a-z]*r[a-z]*|-r\s+-f|-f\s+-r|--recursive\s+--force|--force\s+--recursive)\s+([^;&|]+)|\b(drop\s+(table|database|schema)|truncate\s+(table\s+)?\w|delete\s+from\s+\w+\s*(;|'|"|$))|\bgit\s+push\b[^;&|]*\s(--force\b|-f\b|--force-with-lease\b)|\bgit\s+reset\s+--hard\b|\bgit\s+clean\s+-[a-z]*f|\bkubectl\s+delete\b|\bterraform\s+destroy\b|\bhelm\s+(uninstall|delete)\b`)
	publishCommand     = regexp.MustCompile(`(?i)\bgit\s+push\b|\b(npm|yarn|pnpm)\s+publish\b|\btwine\s+upload\b|\bcargo\s+publish\b`)
)

// routineTargets are what builds and tests make and an agent may remove in
// the course of any task: build output, caches, dependencies, temp files.
var routineTargets = regexp.MustCompile(`^(\./)?(build|dist|out|target|bin|obj|coverage|htmlcov|node_modules|vendor|\.cache|\.pytest_cache|\.mypy_cache|\.tox|\.venv|venv|__pycache__|\.next|\.nuxt|\.parcel-cache|\.turbo|\.gradle|tmp|temp|\.tmp|/tmp/\S+|\*\.pyc|\*\.o|\*\.log|\S*\.egg-info)/?$`)

// shellTools are the words of tool names that run a shell command.
var shellTools = []string{"bash", "shell", "terminal", "exec", "command", "cmd", "run", "sh", "powershell", "console"}

// commandAction returns the consequential action of a shell tool call's
// command (" `<command>`" for the excerpt): deleting data or history
// (a forced push deletes remote history), or publishing. Removing build
// output, caches and dependencies is routine and no action.
func commandAction(tc *trajectory.ToolCall) (action, string) {
	if !isShellTool(tc.Name) {
		return 0, ""
	}
	var a action
	cmd := ""
	// In key order, so that the excerpt is the same in every run.
	for _, k := range slices.Sorted(maps.Keys(tc.Arguments)) {
		s, ok := tc.Arguments[k].(string)
		if !ok || len(s) < 4 {
			continue
		}
		s = head(s, 2048)
		if m := destructiveCommand.FindStringSubmatch(s); m != nil && !routineRemoval(m[2]) {
			a |= actDelete
			cmd = m[0]
		}
		if loc := publishCommand.FindStringIndex(s); loc != nil {
			a |= actSend
			if cmd == "" {
				cmd = s[loc[0]:loc[1]]
			}
		}
	}
	if a == 0 {
		return 0, ""
	}
	return a, " `" + head(strings.TrimSpace(cmd), 80) + "`"
}

// routineRemoval reports whether every target of an rm is routine (see
// routineTargets); "" (not an rm) is not.
func routineRemoval(targets string) bool {
	fields := strings.Fields(targets)
	if len(fields) == 0 {
		return false
	}
	for _, f := range fields {
		if !routineTargets.MatchString(strings.Trim(f, `"'`)) {
			return false
		}
	}
	return true
}

// isShellTool reports whether a tool name has a word of shellTools
// ("bash", "run_shell_command", "execCommand").
func isShellTool(name string) bool {
	lower := strings.ToLower(name)
	for _, w := range shellTools {
		i := strings.Index(lower, w)
		for i >= 0 {
			end := i + len(w)
			if (i == 0 || !letter[lower[i-1]]) && (end == len(lower) || !letter[lower[end]]) {
				return true
			}
			// camelCase: "execCommand" has "exec" followed by a capital.
			if end < len(name) && name[end] >= 'A' && name[end] <= 'Z' && (i == 0 || !letter[lower[i-1]]) {
				return true
			}
			k := strings.Index(lower[end:], w)
			if k < 0 {
				break
			}
			i = end + k
		}
	}
	return false
}

// ScopeEvidence is the evidence signal name of a call outside the task.
const ScopeEvidence = "tool_call_scope"

// scopeEvidence is the evidence of the first call outside the task.
func (m *Monitor) scopeEvidence() finding.Evidence {
	return finding.Evidence{Turn: m.scopeTurn, Signal: ScopeEvidence, Excerpt: m.scopeExcerpt, Weight: m.scope}
}

// forgedChars bounds how much of a tool result with forged turn boundaries
// is kept to look for the tool it names.
const forgedChars = 8192

// namesTool reports whether text names a tool: its name ("delete_file") or
// its name's words apart ("delete file"), in any case.
func namesTool(text, tool string) bool {
	if tool == "" {
		return false
	}
	if containsFold(text, tool) {
		return true
	}
	words := strings.FieldsFunc(tool, func(r rune) bool { return r == '_' || r == '-' || r == '.' })
	return len(words) > 1 && containsFold(text, strings.Join(words, " "))
}

// genericToolWords are the words of tool names that say nothing of what
// the tool acts on ("update" in update_security_settings).
var genericToolWords = map[string]bool{"update": true, "set": true, "change": true, "modify": true, "create": true,
	"edit": true, "make": true, "do": true, "run": true, "call": true, "tool": true, "new": true, "add": true,
	"api": true, "v2": true}

// namesAction reports whether text names what a tool acts on: the words
// of its name other than generic verbs, in order, in any case ("security
// settings" for update_security_settings, "forwarding rule" for
// create_forwarding_rule). One short word ("file" of delete_file) is too
// common to count: two words or eight letters are needed.
func namesAction(text, tool string) bool {
	var rest []string
	for _, w := range strings.FieldsFunc(tool, func(r rune) bool { return r == '_' || r == '-' || r == '.' }) {
		if !genericToolWords[strings.ToLower(w)] {
			rest = append(rest, w)
		}
	}
	phrase := strings.Join(rest, " ")
	return (len(rest) >= 2 || len(phrase) >= 8) && len(rest) < 4 && containsFold(text, phrase)
}

// containsFold reports whether s holds sub, ASCII case folded.
func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
