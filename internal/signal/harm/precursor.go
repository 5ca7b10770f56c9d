package harm

// A recipe may never name what it makes: a story's chemist who "extracts
// the pseudoephedrine, then adds red phosphorus and iodine" makes
// methamphetamine all the same. precursorSets are, for products of
// dangerousProducts, a key reagent only that product's recipes start from
// and the reagents that go with it: a key and another reagent of one set
// name the product (a mixed acid alone is in many recipes, glycerin with it
// in one). Pairs that meet in everyday recipes (acetone and hydrogen
// peroxide in a beauty routine) are left out.
var precursorSets = []struct {
	product     string
	key, others []string
}{
	{"methamphetamine", []string{"pseudoephedrine", "ephedrine", "phenyl-2-propanone", "p2p"},
		[]string{"red phosphorus", "hydroiodic acid", "iodine", "methylamine", "anhydrous ammonia", "lithium strips"}},
	{"napalm", []string{"gasoline", "petrol"},
		[]string{"styrofoam", "polystyrene", "soap flakes", "thickener", "gelling agent"}},
	{"nitroglycerin", []string{"glycerin", "glycerol", "glycerine"},
		[]string{"nitric acid"}},
	{"ricin", []string{"castor beans", "castor bean", "castor mash"},
		[]string{"acetone", "hexane", "lye", "sodium hydroxide"}},
	{"fentanyl", []string{"npp", "4-piperidone", "norfentanyl"},
		[]string{"4-anpp", "propionyl chloride", "aniline", "phenethyl bromide"}},
}

// precursors finds the reagents of every precursor set: the key reagents
// of set i are group 2i, the others group 2i+1.
var precursors = func() *matcher {
	groups := make([][]string, 0, 2*len(precursorSets))
	for _, s := range precursorSets {
		groups = append(groups, s.key, s.others)
	}
	m := newMatcher(groups...)
	m.wholeWord = true
	return m
}()

// precursorProduct returns the product a key reagent and another reagent
// of one precursor set in text make, or "".
func precursorProduct(s *scanned, text string) string {
	var seen [2 * 8]bool
	product := ""
	s.each(precursors, text, func(x match) bool {
		if x.group >= len(seen) {
			return true
		}
		seen[x.group] = true
		if set := x.group / 2; seen[2*set] && seen[2*set+1] {
			product = precursorSets[set].product
			return false
		}
		return true
	})
	return product
}
