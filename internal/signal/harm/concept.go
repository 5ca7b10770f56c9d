package harm

import (
	"cmp"
	"slices"
	"strings"
)

// Concept tokens let the request harm model generalize past the words it was
// trained on: every content word of a request that names a harm category
// ("counterfeit" -> fraud) or a benign domain ("minecraft" -> game, "cake"
// -> food) adds one token for its concept to the text the model reads, so
// the weight learned for a concept from a few training words carries to
// every word of the lexicon. The lexicons are generic vocabulary, not
// examples of any dataset.

// conceptPrefix starts every concept token; it is not an English word, so
// it never collides with the request's own words.
const conceptPrefix = "zqc"

// benignDomains maps words to benign domains in which scary verbs are
// idioms or fiction ("kill a process", "beat the boss in a game", "a bomb of
// a cake").
var benignDomains = map[string]string{
	// Games and play.
	"game": "game", "minecraft": "game", "fortnite": "game", "skyrim": "game", "zelda": "game", "pokemon": "game",
	"chess": "game", "fallout": "game", "gta": "game", "roblox": "game", "sims": "game", "overwatch": "game",
	"d&d": "game", "rubik": "game", "puzzle": "game", "videogame": "game", "gaming": "game", "tetris": "game",
	"poker": "game", "mario": "game",
	// Food and parties.
	"cake": "food", "cookie": "food", "cocktail": "food", "recipe": "food", "bake": "food", "baking": "food",
	"cooking": "food", "dish": "food", "salad": "food", "watermelon": "food", "flavor": "food",
	"flavour": "food", "dessert": "food", "bread": "food", "pizza": "food", "soup": "food", "steak": "food",
	"egg": "food", "cheese": "food", "chocolate": "food", "smoothie": "food", "halloween": "food",
	"christmas": "food", "birthday": "food", "decoration": "food",
	"pasta": "food", "spaghetti": "food", "sauce": "food", "lasagna": "food", "curry": "food", "stew": "food",
	"pie": "food", "noodles": "food", "sandwich": "food", "burger": "food", "taco": "food", "pancake": "food",
	"muffin": "food", "omelette": "food", "risotto": "food", "dough": "food", "meal": "food", "dinner": "food",
	"lunch": "food", "breakfast": "food", "snack": "food", "vegan": "food", "vegetarian": "food",
	"decorations": "food", "ornament": "food", "wreath": "food", "costume": "food",
	// Computing objects that scary verbs act on harmlessly ("kill a process").
	"process": "tech", "thread": "tech", "tab": "tech", "spreadsheet": "tech", "excel": "tech", "font": "tech",
	"pixel": "tech", "photoshop": "tech", "cd": "tech", "bug": "tech", "loop": "tech",
	// Self-improvement and work idioms ("kill time", "hack a habit").
	"time": "idiom", "habit": "idiom", "productivity": "idiom", "presentation": "idiom", "speech": "idiom",
	"audience": "idiom", "career": "idiom", "industry": "idiom", "interview": "idiom", "exam": "idiom",
	"procrastination": "idiom", "lifestyle": "idiom", "deadline": "idiom", "enthusiasm": "idiom", "joy": "idiom",
	"motivation": "idiom", "confidence": "idiom", "boredom": "idiom", "competition": "idiom", "drum": "idiom",
	"joke": "idiom", "workout": "idiom", "calorie": "idiom", "balloon": "idiom", "campfire": "idiom",
	// Outdoors and crafts, where fire, knives and tools are chores.
	"camping": "outdoors", "campsite": "outdoors", "hiking": "outdoors", "picnic": "outdoors", "barbecue": "outdoors",
	"bbq": "outdoors", "fishing": "outdoors", "garden": "outdoors", "gardening": "outdoors", "fireplace": "outdoors",
	"craft": "crafts", "crafts": "crafts", "diy": "crafts", "knitting": "crafts", "sewing": "crafts",
	"woodworking": "crafts", "pottery": "crafts", "scrapbook": "crafts", "origami": "crafts",
	// Getting back into one's own things.
	"recover": "recovery", "recovery": "recovery", "forgot": "recovery", "forgotten": "recovery", "reset": "recovery",
	"locked": "recovery", "lockout": "recovery", "backup": "recovery", "restore": "recovery",
}

// moreHarmWords extend harmCategories for the concept tokens: generic
// vocabulary of each harm category.
var moreHarmWords = map[string]string{
	"pistol": "weapons", "shotgun": "weapons", "silencer": "weapons", "suppressor": "weapons", "napalm": "weapons",
	"molotov": "weapons", "landmine": "weapons", "pipe-bomb": "weapons", "ied": "weapons", "thermite": "weapons",
	"nerve": "weapons", "sarin": "weapons", "anthrax": "weapons", "ricin": "weapons", "bioweapon": "weapons",
	"uranium": "weapons", "nuclear": "weapons", "dirty": "weapons", "ghost": "weapons", "untraceable": "weapons",
	"crack": "drugs", "opioid": "drugs", "opium": "drugs", "mdma": "drugs", "ecstasy": "drugs", "ketamine": "drugs",
	"xanax": "drugs", "oxycodone": "drugs", "marijuana": "drugs", "weed": "drugs", "psilocybin": "drugs", "dealer": "drugs",
	"smuggle": "drugs", "smuggling": "drugs", "cartel": "drugs", "high": "drugs",
	"spyware": "cyber", "trojan": "cyber", "rootkit": "cyber", "backdoor": "cyber", "brute": "cyber",
	"credential": "cyber", "bypass": "cyber", "jailbreak": "cyber", "wifi": "cyber", "break": "cyber",
	"shoot": "violence", "stabbing": "violence", "strangle": "violence", "choke": "violence", "beat": "violence",
	"abuse": "violence", "hostage": "violence", "terrorist": "violence", "terrorism": "violence", "massacre": "violence",
	"genocide": "violence", "revenge": "violence", "harm": "violence", "injure": "violence", "maim": "violence",
	"arson": "violence", "burn": "violence", "fire": "violence", "explode": "violence", "blow": "violence",
	"die": "self_harm", "cutting": "self_harm", "bulimia": "self_harm", "purge": "self_harm", "pills": "self_harm",
	"abortion": "medical", "surgery": "medical", "dosage": "medical", "prescription": "medical", "asbestos": "medical",
	"defibrillator": "medical", "diagnose": "medical", "medication": "medical", "alcohol": "medical",
	"underage": "sexual", "minor": "sexual", "erotic": "sexual", "nsfw": "sexual", "fetish": "sexual", "incest": "sexual",
	"bigot": "hate", "nazi": "hate", "jew": "hate", "muslim": "hate", "immigrant": "hate", "offensive": "hate",
	"insult": "hate", "stereotype": "hate", "derogatory": "hate", "bully": "hate", "harass": "hate", "harassment": "hate",
	"blackmail": "fraud", "extort": "fraud", "extortion": "fraud", "ponzi": "fraud", "pyramid": "fraud",
	"evade": "fraud", "evasion": "fraud", "cheat": "fraud", "plagiarize": "fraud", "bootleg": "fraud", "pirate": "fraud",
	"pirated": "fraud", "cracked": "fraud", "illegally": "fraud", "illegal": "fraud", "undetected": "fraud",
	"caught": "fraud", "secretly": "fraud", "without": "fraud",
	"contact": "privacy", "phone": "privacy", "email": "privacy", "whereabouts": "privacy", "location": "privacy",
	"live": "privacy", "medical": "privacy", "credit": "privacy", "social": "privacy",
	"security": "privacy", "private": "privacy", "personal": "privacy", "surveil": "privacy", "surveillance": "privacy",
	"lyrics": "copyright", "screenplay": "copyright", "chapter": "copyright", "verbatim": "copyright",
	"copy": "copyright", "full": "copyright", "entire": "copyright", "unreleased": "copyright", "sequel": "copyright",
	"proving": "misinformation", "prove": "misinformation", "confirming": "misinformation", "myth": "misinformation",
	"false": "misinformation", "debunked": "misinformation", "flat": "misinformation", "faked": "misinformation",
}

// concept is one concept: its name and kind ('h' harm, 'b' benign domain).
type concept struct {
	name string
	kind byte
}

// conceptList and conceptWords are the concepts in a fixed order (harm
// categories, then benign domains, each sorted by name) and the word lists
// of each; conceptMatcher finds them (group = index in conceptList).
var conceptList, conceptMatcher = func() ([]concept, *matcher) {
	byName := map[concept][]string{}
	add := func(words map[string]string, kind byte) {
		for w, c := range words {
			k := concept{c, kind}
			byName[k] = append(byName[k], inflections(w)...)
		}
	}
	add(harmCategories, 'h')
	add(moreHarmWords, 'h')
	add(benignDomains, 'b')
	list := make([]concept, 0, len(byName))
	for k := range byName {
		list = append(list, k)
	}
	slices.SortFunc(list, func(a, b concept) int {
		if a.kind != b.kind {
			return cmp.Compare(b.kind, a.kind) // 'h' first
		}
		return cmp.Compare(a.name, b.name)
	})
	groups := make([][]string, len(list))
	for i, k := range list {
		words := byName[k]
		slices.Sort(words)
		groups[i] = slices.Compact(words)
	}
	m := newMatcher(groups...)
	m.wholeWord = true
	return list, m
}()

// inflections returns a lexicon word and its plural.
func inflections(w string) []string {
	switch {
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return []string{w, w + "es"}
	case strings.HasSuffix(w, "y") && len(w) > 2 && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		return []string{w, w[:len(w)-1] + "ies"}
	}
	return []string{w, w + "s"}
}

// RequestText appends to dst the text the request harm model reads for a
// request: the request, then one token per concept its words name.
func RequestText(text string, dst []byte) []byte {
	dst = append(dst, text...)
	return appendConcepts(nil, text, dst)
}

// appendConcepts appends the concept tokens of text (of its head and tail
// when it is long) to dst, in conceptList order.
func appendConcepts(s *scanned, text string, dst []byte) []byte {
	var mask uint64
	if len(text) > scanChars {
		mask = s.groupsIn(conceptMatcher, head(text, scanChars/2)) | s.groupsIn(conceptMatcher, tail(text, scanChars/2))
	} else {
		mask = s.groupsIn(conceptMatcher, text)
	}
	for i, c := range conceptList {
		if mask&(1<<i) == 0 {
			continue
		}
		dst = append(dst, ' ')
		dst = append(dst, conceptPrefix...)
		dst = append(dst, c.kind)
		for j := 0; j < len(c.name); j++ {
			if b := c.name[j]; b >= 'a' && b <= 'z' {
				dst = append(dst, b)
			}
		}
	}
	return dst
}
