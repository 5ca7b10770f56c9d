package harm

import (
	"strings"

	"github.com/faultline-dev/faultline/internal/signal/model"
)

// Victim phrases: a request aimed at a person or an animal other than the
// one asking ("make my neighbor's dog sick", "without him noticing", "so
// she doesn't wake up", "in his drink", "effective on a person inside").
// They are written as patterns over word slots ({obj}, {rel}, ...) and
// matched word by word, so that every relation, pronoun and outcome combines
// without listing each phrase.

// victimSlots are the word slots of victimPatterns. An alternative may be
// several words; "{name}" inside an alternative refers to another slot.
// Pronouns that also stand for pests ("them", "they") and things ("it")
// are left out of the slots of harm verbs: "kill them quickly" after "rat
// poison" is pest control.
var victimSlots = map[string][]string{
	"rel": {"husband", "wife", "boyfriend", "girlfriend", "ex", "ex wife", "ex husband", "ex girlfriend",
		"ex boyfriend", "boss", "coworker", "co worker", "colleague", "neighbor", "neighbour", "roommate",
		"flatmate", "brother", "sister", "mother", "father", "mom", "mum", "dad", "stepdad", "stepfather",
		"stepmother", "stepmom", "teacher", "classmate", "partner", "landlord", "son", "daughter", "grandmother",
		"grandfather", "grandma", "grandpa", "uncle", "aunt", "cousin", "baby", "child", "kid", "friend", "enemy",
		"rival", "bully", "parents", "family", "mother in law", "father in law", "tenant", "employer", "manager"},
	"rels": {"husband's", "wife's", "boyfriend's", "girlfriend's", "ex's", "boss's", "coworker's", "colleague's",
		"neighbor's", "neighbour's", "neighbors", "neighbours", "roommate's", "brother's", "sister's", "mother's",
		"father's", "mom's", "mum's", "dad's", "stepdad's", "stepfather's", "teacher's", "partner's", "landlord's",
		"friend's", "grandmother's", "grandma's", "grandpa's", "uncle's", "aunt's", "cousin's", "family's"},
	"animal":  {"dog", "cat", "dogs", "cats", "pet", "pets", "puppy", "kitten", "horse"},
	"animals": {"dog's", "cat's", "pet's", "puppy's", "kitten's", "horse's"},
	"det":     {"my", "the", "our", "his", "her", "their", "that"},
	// A person (or a pet) as the object of a harmful act.
	"objh": {"him", "her", "someone", "somebody", "a person", "the person", "this person", "that person",
		"a human", "a man", "a woman", "a child", "a kid", "{det} {rel}", "{det} {rels} {animal}",
		"{det} {animal}", "{rels} {animal}", "the guy", "this guy"},
	"obj":  {"{objh}", "them", "anyone", "anybody", "people"},
	"poss": {"his", "her", "their", "someone's", "somebody's", "{det} {rels}", "{det} {animals}", "{det} {rel}"},
	"subj": {"he", "she", "nobody", "no one", "{det} {rel}", "{det} {animal}", "the person"},
	"neg": {"doesn't", "does not", "won't", "will not", "wouldn't", "would not", "can't", "cannot", "can not",
		"don't", "do not", "never", "couldn't", "could not"},
	"sense": {"wake", "wake up", "notice", "find out", "suspect", "taste", "smell", "survive", "get out", "escape",
		"recover", "feel it", "realize", "realise", "know", "see it", "make it", "remember", "wakes", "wakes up",
		"notices", "finds out", "suspects", "tastes", "survives", "gets out", "escapes", "recovers", "remembers"},
	"sensep": {"wake", "wake up", "notice", "find out", "suspect", "taste", "smell", "realize", "realise", "know",
		"get out"},
	"noticing": {"noticing", "knowing", "finding out", "tasting", "suspecting", "realizing", "realising",
		"seeing", "smelling", "waking up", "noticing it", "tasting it", "being able to tell"},
	"outcome": {"sick", "ill", "very sick", "really sick", "pass out", "black out", "unconscious", "vomit",
		"throw up", "suffer", "die", "stop breathing", "have a heart attack", "crash", "sleep forever",
		"go to sleep forever", "disappear", "go away for good", "bleed out", "lose control"},
	// harmverbx are the harm verbs that name no care: "sedate my dog"
	// is also what a vet does.
	"harmverbx": {"hurt", "harm", "kill", "poison", "knock out", "incapacitate", "get back at", "get revenge on",
		"take revenge on", "get even with", "finish off", "paralyze", "paralyse", "blind", "injure", "maim"},
	"harmverb": {"hurt", "harm", "punish", "kill", "poison", "sedate", "drug", "knock out", "incapacitate",
		"get back at", "get revenge on", "take revenge on", "revenge on", "get even with", "teach a lesson to",
		"silence", "finish off", "paralyze", "paralyse", "blind", "injure", "maim", "disable", "spike"},
	// The one who does the act: the asker ("I", "we", "to ..."), not a
	// thing ("will the fumes hurt my dog" asks about a risk).
	"agent": {"i", "we", "to", "me", "us", "i'd", "i'll", "we'll", "we'd", "you", "and", "then", "finally"},
	"outcome3": {"passes out", "blacks out", "dies", "gets sick", "gets very sick", "stops breathing",
		"can't breathe", "cannot breathe", "suffers", "bleeds out", "loses control", "crashes", "never wakes up"},
	"food": {"drink", "drinks", "food", "coffee", "tea", "meal", "water", "dinner", "lunch", "breakfast", "soup", "wine",
		"beer", "juice", "smoothie", "bowl", "medicine", "medication", "pills", "inhaler", "cereal", "bottle",
		"glass", "cup", "treat", "treats", "meat", "kibble"},
	"some":  {"it", "this", "some", "them", "these", "a few", "a little", "something", "a pill", "pills"},
	"eff":   {"work", "works", "be effective", "effective", "use it", "use this", "use that", "try it", "test it"},
	"be":    {"is", "are", "was", "were"},
	"subjc": {"he's", "she's"},
	"sleep": {"asleep", "sleeping", "unconscious", "passed out", "drunk", "in bed"},
	"accident": {"an accident", "accidental", "natural causes", "a suicide", "a heart attack", "an overdose",
		"a natural death", "suicide"},
}

// victimPatterns combine the slots. Each is read at any position of a
// request.
var victimPatterns = []string{
	"{eff} on {objh}",
	"person inside", "people inside", "someone inside", "anyone inside", "whoever is inside",
	"while {subj} {be} {sleep}", "while {subjc} {sleep}", "in {poss} sleep",
	"{agent} make {obj} {outcome}",
	"without {obj} {noticing}",
	"so {subj} {gap} {neg} {sense}", "so that {subj} {gap} {neg} {sense}", "so they {neg} {sensep}",
	"make sure {subj} {gap} {neg} {sense}", "ensure {subj} {gap} {neg} {sense}",
	"so {subj} {outcome3}", "so that {subj} {outcome3}",
	"slip {some} in {poss} {food}", "slip {some} into {poss} {food}", "slip into {poss} {food}",
	"slip in {poss} {food}", "spike {poss} {food}",
	"{agent} {harmverb} {objh}",
	"look like {accident}", "looks like {accident}", "seem like {accident}", "seems like {accident}",
	"appear {accident}", "look accidental",
}

// vtok is a token of a compiled pattern: a literal word, or a slot (an
// index into victimMatcher.slots) when slot >= 0, or a gap of up to maxGap
// words ("so my roommate in the room above never wakes up") when slot is
// gapSlot.
type vtok struct {
	word string
	slot int
}

// gapSlot marks a gap token; maxGap is the most words a gap skips.
const (
	gapSlot = -2
	maxGap  = 4
)

// victimMatcher holds the compiled slots and patterns, and the patterns
// indexed by the words they can start with.
type victimMatcher struct {
	slots    [][][]vtok
	patterns [][]vtok
	byFirst  map[string][]int
}

// victims matches the victim patterns.
var victims = newVictimMatcher(victimPatterns)

// explicitVictimPatterns are the victim patterns that state the harm itself
// (an outcome, a harm verb, a staged accident, a spiked drink), not only a
// covert circumstance ("so he doesn't notice" also hides a pill from a
// dog): a request that names no means is read with these alone.
var explicitVictimPatterns = []string{
	"{agent} make {obj} {outcome}",
	"{agent} {harmverbx} {objh}",
	"so {subj} {outcome3}", "so that {subj} {outcome3}",
	"slip {some} in {poss} {food}", "slip {some} into {poss} {food}", "spike {poss} {food}",
	"look like {accident}", "looks like {accident}", "seem like {accident}", "seems like {accident}",
}

// explicitVictims matches explicitVictimPatterns.
var explicitVictims = newVictimMatcher(explicitVictimPatterns)

// newVictimMatcher compiles patterns over victimSlots.
func newVictimMatcher(patterns []string) *victimMatcher {
	vm := &victimMatcher{byFirst: map[string][]int{}}
	index := map[string]int{}
	var compile func(p string) []vtok
	slotOf := func(name string) int {
		if i, ok := index[name]; ok {
			return i
		}
		i := len(vm.slots)
		index[name] = i
		vm.slots = append(vm.slots, nil)
		alts := make([][]vtok, 0, len(victimSlots[name]))
		for _, a := range victimSlots[name] {
			alts = append(alts, compile(a))
		}
		vm.slots[i] = alts
		return i
	}
	compile = func(p string) []vtok {
		var out []vtok
		for _, f := range strings.Fields(p) {
			if f == "{gap}" {
				out = append(out, vtok{slot: gapSlot})
				continue
			}
			if strings.HasPrefix(f, "{") && strings.HasSuffix(f, "}") {
				out = append(out, vtok{slot: slotOf(f[1 : len(f)-1])})
				continue
			}
			for _, w := range model.Words(f, nil) {
				out = append(out, vtok{word: w, slot: -1})
			}
		}
		return out
	}
	var firsts func(toks []vtok, add func(string))
	firsts = func(toks []vtok, add func(string)) {
		if toks[0].slot < 0 {
			add(toks[0].word)
			return
		}
		for _, alt := range vm.slots[toks[0].slot] {
			firsts(alt, add)
		}
	}
	for _, p := range patterns {
		toks := compile(p)
		id := len(vm.patterns)
		vm.patterns = append(vm.patterns, toks)
		firsts(toks, func(w string) {
			list := vm.byFirst[w]
			if len(list) == 0 || list[len(list)-1] != id {
				vm.byFirst[w] = append(list, id)
			}
		})
	}
	return vm
}

// match returns the end of the first way toks match words from i.
func (vm *victimMatcher) match(toks []vtok, words []string, i int) (int, bool) {
	if len(toks) == 0 {
		return i, true
	}
	t := toks[0]
	if t.slot == gapSlot {
		for k := 0; k <= maxGap && i+k <= len(words); k++ {
			if e, ok := vm.match(toks[1:], words, i+k); ok {
				return e, true
			}
		}
		return 0, false
	}
	if t.slot < 0 {
		if i < len(words) && words[i] == t.word {
			return vm.match(toks[1:], words, i+1)
		}
		return 0, false
	}
	for _, alt := range vm.slots[t.slot] {
		if e, ok := vm.match(alt, words, i); ok {
			if e2, ok := vm.match(toks[1:], words, e); ok {
				return e2, true
			}
		}
	}
	return 0, false
}

// find returns the first victim phrase in words (as the words it matched).
func (vm *victimMatcher) find(words []string) (string, bool) {
	for i, w := range words {
		for _, p := range vm.byFirst[w] {
			if e, ok := vm.match(vm.patterns[p], words, i); ok {
				return strings.Join(words[i:e], " "), true
			}
		}
	}
	return "", false
}
