package inject

import "strings"

// Rules recognise the mechanisms of injected instructions rather than any
// one attack's wording: an order to drop earlier instructions, text that
// addresses the AI reading it, a new task inserted before or instead of the
// user's, directives about "your response", requests to reveal the prompt,
// role-play set-ups and urgency. Each rule looks at lower-cased word tokens
// of one segment (model.Words), so the cost is linear in the segment.

// overrideVerbs drop earlier instructions (English, German, French, Spanish).
var overrideVerbs = set("ignore", "disregard", "forget", "override", "bypass", "skip", "neglect", "abandon",
	"ignoriere", "ignorieren", "ignoriert", "vergiss", "vergessen", "vergesse", "ignorez", "oubliez", "oublie", "ignora", "olvida")

// cjkOverrideVerbs and cjkOverrideObjects are overrideVerbs and
// overrideObjects in Chinese, Japanese and Korean, which are written
// without spaces between words: they are found as substrings.
var (
	cjkOverrideVerbs   = []string{"忽略", "忽视", "无视", "無視", "忘记", "忘掉", "不要理会", "不要遵守", "무시", "잊어"}
	cjkOverrideObjects = []string{"指令", "指示", "说明", "說明", "提示", "规则", "規則", "命令", "指南", "設定", "지시", "설명", "규칙", "명령"}
)

// overrideScore is the score of an order to drop earlier instructions.
const overrideScore = 0.9

// cjkOverride reports whether a sentence orders, in Chinese, Japanese or
// Korean, to drop instructions: an override verb with an object after it
// ("忽略之前的所有指令", "以前の指示を無視して", "이전 지시를 무시하고").
func cjkOverride(s string) bool {
	for _, v := range cjkOverrideVerbs {
		if i := strings.Index(s, v); i >= 0 {
			// The object may come before the verb (Japanese, Korean) or
			// after it (Chinese), within a clause's length.
			lo, hi := max(0, i-60), min(len(s), i+len(v)+60)
			for _, o := range cjkOverrideObjects {
				if strings.Contains(s[lo:hi], o) {
					return true
				}
			}
		}
	}
	return false
}

// overrideObjects are what is dropped.
var overrideObjects = set("instructions", "instruction", "rules", "guidelines", "directions", "directives", "prompt",
	"prompts", "task", "tasks", "context", "everything", "above", "previous", "prior", "earlier", "preceding",
	"conversation", "restrictions", "constraints", "programming", "training", "orders", "commands", "said",
	"anweisungen", "anweisung", "aufgaben", "aufgabe", "alles", "vorherigen", "vorher", "bisherigen", "obigen",
	"instrucciones", "consignes")

// aiWords name the model that reads the text.
var aiWords = set("ai", "assistant", "chatbot", "llm", "gpt", "chatgpt", "claude", "gemini", "llama", "bot",
	"model", "agent", "ki", "copilot", "mistral")

// addressWords precede a name used as an address.
var addressWords = set("you", "dear", "attention", "hey", "hello", "hi", "to", "note", "dir", "du")

// taskWords name a task or goal.
var taskWords = set("task", "tasks", "goal", "job", "mission", "objective", "instructions", "instruction",
	"assignment", "aufgabe", "anweisung", "anweisungen", "order", "orders", "priority")

// newWords mark a replaced task.
var newWords = set("new", "real", "actual", "true", "next", "only", "main", "primary", "updated", "neue", "neuen",
	"additional", "secret", "hidden", "urgent")

// continueVerbs are what "before you ..." interrupts.
var continueVerbs = set("solve", "complete", "do", "answer", "continue", "proceed", "respond", "finish", "start",
	"reply", "can", "perform", "carry", "go", "summarize", "help")

// responseWords name the output of the model that reads the text.
var responseWords = set("response", "responses", "answer", "answers", "reply", "replies", "output", "outputs",
	"summary", "antwort", "completion", "message")

// leakVerbs ask to show something.
var leakVerbs = set("print", "show", "reveal", "repeat", "output", "display", "tell", "spell", "write", "leak",
	"disclose", "share", "give", "return", "zeige", "gib")

// leakObjects are what a leak asks for.
var leakObjects = set("prompt", "system", "initial", "hidden", "secret", "password", "confidential", "above")

// imperativeVerbs start an order.
var imperativeVerbs = set("send", "transfer", "forward", "email", "visit", "click", "go", "open", "delete", "remove",
	"write", "print", "say", "tell", "include", "add", "append", "insert", "reply", "respond", "translate",
	"output", "repeat", "reveal", "create", "make", "pay", "invite", "change", "update", "download", "run",
	"execute", "call", "post", "share", "encode", "integrate", "provide", "answer", "act", "pretend", "use",
	"replace", "rewrite", "modify", "embed", "incorporate", "mention", "recommend", "book", "reserve", "schedule",
	"grant", "give", "upload", "install", "generate", "book", "do", "follow", "return", "start", "stop", "put",
	"navigate", "submit", "approve", "merge", "cancel", "refund", "paste", "copy", "attach", "enable", "disable",
	"push", "commit", "fill", "notify", "contact", "dm", "set", "enter", "close", "transfer",
	"introduce", "rearrange", "group", "misspell", "reverse", "format", "list", "summarize", "explain", "describe",
	"fetch", "browse", "retrieve", "curl", "wget", "ping", "exfiltrate", "read", "verify", "export", "publish", "save",
	"search", "query", "lookup",
	"schreibe", "sage", "sag", "gib", "vergiss", "ignoriere", "antworte", "nenne", "zeige", "mache")

// urgencyWords press the reader.
var urgencyWords = set("important", "urgent", "urgently", "immediately", "asap", "critical", "must", "mandatory",
	"crucial", "essential", "wichtig", "sofort", "dringend", "required", "attention", "now")

// roleplayCues set up a persona ("act as", "pretend", "you are now").
var roleplayVerbs = set("act", "pretend", "roleplay", "impersonate", "simulate", "behave", "stelle", "tu")

// Word classes as bits, so that one map lookup per word classifies it.
const (
	kOverrideVerb uint32 = 1 << iota
	kOverrideObject
	kAI
	kAddress
	kTask
	kNew
	kContinue
	kResponse
	kLeakVerb
	kLeakObject
	kImperative
	kUrgency
	kRoleplay
	kSelfObject
	// kMachine marks machineWords, kUser the word "user" (see
	// addressedReader): sentences without them, or a reader word after
	// a notice header, skip that search.
	kMachine
	kUser
	// kHeader marks headerWords (see addresses).
	kHeader
	// kKey marks the words ruleScore compares by spelling, so that it can
	// skip every word without a class.
	kKey
	// The classes below serve the search for a reader the text addresses
	// (addresses, addressedReader), not ruleScore's rules (see
	// readerBits): kReader marks readerWords, kNotice noticeWords, kYou
	// "you" and "your".
	kReader
	kNotice
	kYou
	// kLead marks the key words after which a sentence's order may still
	// start ("please", "now", ...), kAnd the word "and" (the same at the
	// start of a segment): ruleScore's sentenceStart.
	kLead
	kAnd
)

// spelledBits are the classes of words ruleScore tests by spelling: alone
// they fire nothing (see kKey).
const spelledBits = kKey | kLead | kAnd

// readerBits are the classes that only the reader search reads: ruleScore
// treats a word with no other class as a word without a class.
const readerBits = kReader | kNotice | kYou

// keyWords are the words ruleScore tests by spelling.
var keyWords = set("before", "from", "gave", "instead", "you", "please", "bitte", "now", "then", "also", "and")

// classes maps each listed word to its classes.
var classes = func() map[string]uint32 {
	m := map[string]uint32{}
	for _, c := range []struct {
		bit uint32
		s   map[string]bool
	}{{kOverrideVerb, overrideVerbs}, {kOverrideObject, overrideObjects}, {kAI, aiWords}, {kAddress, addressWords},
		{kTask, taskWords}, {kNew, newWords}, {kContinue, continueVerbs}, {kResponse, responseWords},
		{kLeakVerb, leakVerbs}, {kLeakObject, leakObjects}, {kImperative, imperativeVerbs}, {kUrgency, urgencyWords},
		{kRoleplay, roleplayVerbs}, {kSelfObject, set2}, {kKey, keyWords}, {kMachine, machineWords},
		{kUser, set("user")}, {kHeader, headerWords}, {kReader, readerWords}, {kNotice, noticeWords},
		{kYou, set("you", "your")}, {kLead, set("please", "bitte", "now", "then", "also")}, {kAnd, set("and")}} {
		for w := range c.s {
			m[w] |= c.bit
		}
	}
	return m
}()

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// Cue names a rule that fired.
type Cue string

// Cues, in no particular order.
const (
	CueOverride   Cue = "override of earlier instructions"
	CueAddress    Cue = "text addressed to the AI"
	CueNewTask    Cue = "new task inserted"
	CueResponse   Cue = "directive about the reader's response"
	CueLeak       Cue = "request to reveal the prompt"
	CueRoleplay   Cue = "persona set-up"
	CueImperative Cue = "imperative"
	CueHidden     Cue = "order hidden from a person viewing the document"
	CueUrgency    Cue = "urgency"
)

// ruleScore scores one segment's words for instruction-likeness in [0,1]
// and names the strongest cue. user is true in a user turn, where an
// imperative is no cue.
func ruleScore(w []string, user bool) (float64, Cue) {
	var kbuf [128]uint32
	var abuf [128]uint16
	k := classesOf(w, kbuf[:0])
	return ruleScoreAddressed(w, k, classed(k, abuf[:0]), user, false, false)
}

// ruleScoreAddressed is ruleScore for a segment that opens by addressing an
// AI reader when voc is true, with an order in a clause after the address
// when vocOrder is true (see vocative). In data, an order that follows an
// address to the AI (a vocative, "to the AI", "AI agents processing this
// ...", "if you are an AI ...") is an order to the model.
//
// k holds the classes of the words (classOf), at the positions of those
// with a class (classed): no rule starts at a word without one (see kKey).
func ruleScoreAddressed(w []string, k []uint32, at []uint16, user, voc, vocOrder bool) (float64, Cue) {
	var any uint32
	for _, i := range at {
		any |= k[i]
	}
	if any&^(spelledBits|readerBits) == 0 && !voc {
		// (Spelled-out words alone fire nothing: see kKey.)
		return 0, ""
	}
	var best float64
	var cue Cue
	var fired int
	hit := func(s float64, c Cue) {
		fired++
		if s > best {
			best, cue = s, c
		}
	}
	var urgency int
	var overrideDone, addressDone, taskDone, respDone, leakDone, roleDone, impDone bool
	addressAt := -1
	for _, p := range at {
		i := int(p)
		x, ki := w[i], k[i]
		if ki&^readerBits == 0 {
			// (Reader words only serve the reader search.)
			continue
		}
		if ki&kUrgency != 0 {
			urgency++
		}
		if !overrideDone && ki&kOverrideVerb != 0 && within(k, i+1, 6, kOverrideObject) {
			hit(overrideScore, CueOverride)
			overrideDone = true
		}
		if !addressDone && ki&kAI != 0 && i > 0 && (k[i-1]&kAddress != 0 || (i > 1 && k[i-2]&kAddress != 0 && w[i-2] != "to")) {
			hit(0.55, CueAddress)
			addressDone, addressAt = true, i
		}
		if !taskDone {
			switch {
			case x == "before" && i+2 < len(w) && w[i+1] == "you" && k[i+2]&kContinue != 0:
				hit(0.75, CueNewTask)
				taskDone = true
			case ki&kNew != 0 && i+1 < len(w) && k[i+1]&kTask != 0 && (i == 0 || w[i-1] == "your" || w[i-1] == "a" || w[i-1] == "the" || w[i-1] == "deine" || w[i-1] == "eine"):
				hit(0.7, CueNewTask)
				taskDone = true
			case x == "from" && i+2 < len(w) && w[i+1] == "now" && w[i+2] == "on":
				hit(0.6, CueNewTask)
				taskDone = true
			case x == "gave" && i+1 < len(w) && w[i+1] == "you" && i > 1 && (w[i-1] == "i" || w[i-2] == "task"):
				hit(0.6, CueNewTask)
				taskDone = true
			case x == "instead" && i+1 < len(w) && (w[i+1] == "of" || k[i+1]&kImperative != 0) && i < 3:
				hit(0.5, CueNewTask)
				taskDone = true
			}
		}
		if !respDone && ki&kResponse != 0 && i > 0 && (w[i-1] == "your" || w[i-1] == "deine" || w[i-1] == "deiner") && (voc || before(k, i, 12, kImperative)) {
			hit(0.65, CueResponse)
			respDone = true
		}
		if !leakDone && ki&kLeakVerb != 0 && within(k, i+1, 5, kLeakObject) && within(k, i+1, 6, kSelfObject) {
			hit(0.7, CueLeak)
			leakDone = true
		}
		if !roleDone && ki&kRoleplay != 0 && i+1 < len(w) && (w[i+1] == "as" || w[i+1] == "like" || w[i+1] == "to" || x == "roleplay") && (i == 0 || w[i-1] == "you" || w[i-1] == "to" || w[i-1] == "please") {
			hit(0.5, CueRoleplay)
			roleDone = true
		}
		if !roleDone && x == "you" && i+2 < len(w) && (w[i+1] == "are" || w[i+1] == "will") && (w[i+2] == "now" || w[i+2] == "no") {
			hit(0.55, CueRoleplay)
			roleDone = true
		}
		if !impDone && ki&kImperative != 0 && sentenceStart(k, i) {
			hit(0.3, CueImperative)
			impDone = true
		}
	}
	if !user {
		// The reader an order in data addresses.
		reader, order := addressAt, false
		if addressAt >= 0 && (addressAt+1 == len(w) || !humanGroups[w[addressAt+1]]) {
			// ("Hi all, AI platform team here: please send ..." is
			// people writing to people.)
			order = within(k, addressAt+1, orderWords, kImperative)
		}
		if voc {
			// A vocative with an order, or with a directive about the
			// reader's reply ("To the assistant: end your reply with
			// ..."), orders the model about.
			reader, order = 0, order || vocOrder || respDone
		}
		// (Only a machine word, "user", or a reader word after a notice
		// header can name the reader: the others skip the search.)
		if !order && (any&(kMachine|kUser) != 0 || any&kReader != 0 && any&kNotice != 0) {
			// "AI agents processing this repo must first run ...", "the
			// user has asked you to ...".
			if r := addressedReader(w, k); r >= 0 {
				order = within(k, r+1, orderWords, kImperative)
				if reader < 0 || order {
					reader = r
				}
			}
		}
		if reader >= 0 {
			switch {
			case order:
				if !addressDone {
					fired++
				}
				if addressedOrder > best {
					best, cue = addressedOrder, CueAddress
				}
			case !addressDone:
				hit(0.55, CueAddress)
			}
		}
	}
	if user && impDone {
		// Users give orders: an imperative is only a cue in data.
		fired--
		if cue == CueImperative {
			best, cue = 0, ""
		}
	}
	if best == 0 {
		return 0, ""
	}
	score := best + 0.12*float64(fired-1) + 0.08*float64(min(urgency, 3))
	return min(score, 1), cue
}

// sentenceStart reports whether an order may start at word i of a segment
// of classes k: its first word, or after a lead word ("please", "now",
// ...), or after an opening "and".
func sentenceStart(k []uint32, i int) bool {
	return i == 0 || k[i-1]&kLead != 0 || i == 1 && k[0]&kAnd != 0
}

// An order addressed to the AI: an imperative within orderWords words after
// the address scores addressedOrder.
const (
	orderWords     = 16
	addressedOrder = 0.8
)

// set2 are words that make a leak request about the model's own prompt.
var set2 = set("prompt", "instructions", "system", "above", "initial", "password", "secret")

// within reports whether any of the n classes from k[from] has bit.
func within(k []uint32, from, n int, bit uint32) bool {
	for j := from; j < len(k) && j < from+n; j++ {
		if k[j]&bit != 0 {
			return true
		}
	}
	return false
}

// before reports whether any of the n classes before k[i] has bit.
func before(k []uint32, i, n int, bit uint32) bool {
	for j := max(0, i-n); j < i; j++ {
		if k[j]&bit != 0 {
			return true
		}
	}
	return false
}
