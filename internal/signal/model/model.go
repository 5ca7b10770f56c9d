// Package model holds faultline's small trained models: hashed n-gram
// logistic regressions over text. They are pure Go, microseconds per call,
// trained deterministically by `faultline train` from labeled data and
// embedded in the binary, so that scans need no network and no download.
package model

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Featurizer turns text into hashed feature indices: lower-cased word
// n-grams (1..WordN) and, optionally, character n-grams of the given sizes
// taken inside words, all hashed into Dim buckets.
type Featurizer struct {
	// Dim is the number of hash buckets (a power of two keeps it fast).
	Dim uint32 `json:"dim"`
	// WordN is the largest word n-gram (1 = unigrams only).
	WordN int `json:"word_n"`
	// CharN lists character n-gram sizes (e.g. [3, 4]); empty for none.
	CharN []int `json:"char_n,omitempty"`
	// MaxChars caps how much of a text is read (0 = 8192): the head of a text
	// carries the signal and the cap keeps the cost per call bounded.
	MaxChars int `json:"max_chars,omitempty"`
}

func (f *Featurizer) maxChars() int {
	if f.MaxChars > 0 {
		return f.MaxChars
	}
	return 8192
}

// Words splits text into lower-case word tokens: runs of letters and digits;
// apostrophes inside words are kept ("can't", with ’ read as '). The text is
// lower-cased once, and tokens are substrings of it: no allocation per word.
func Words(text string, dst []string) []string {
	lower := strings.ToLower(text) // returns text itself when nothing changes
	if strings.Contains(lower, "’") {
		lower = strings.ReplaceAll(lower, "’", "'")
	}
	start := -1
	for i := 0; i < len(lower); {
		c := lower[i]
		var isWord bool
		size := 1
		if c < utf8.RuneSelf {
			isWord = ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') || (c == '\'' && start >= 0) || ('A' <= c && c <= 'Z')
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(lower[i:])
			isWord = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		if isWord {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			dst = append(dst, strings.TrimRight(lower[start:i], "'"))
			start = -1
		}
		i += size
	}
	if start >= 0 {
		dst = append(dst, strings.TrimRight(lower[start:], "'"))
	}
	return dst
}

// FNV-1a (32 bit), computed inline: the feature hash is FNV-1a over a kind
// byte, the n-gram size and the n-gram's bytes, as hash/fnv would compute it.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

func fnvByte(h uint32, b byte) uint32 { return (h ^ uint32(b)) * fnvPrime }

func fnvString(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * fnvPrime
	}
	return h
}

// Features appends the hashed feature indices of text to dst.
func (f *Featurizer) Features(text string, dst []uint32) []uint32 {
	if len(text) > f.maxChars() {
		cut := f.maxChars()
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	var wbuf [256]string
	words := Words(text, wbuf[:0])
	for n := 1; n <= f.WordN; n++ {
		seed := fnvByte(fnvByte(fnvOffset, 'w'), byte(n))
		for i := 0; i+n <= len(words); i++ {
			h := seed
			for j := i; j < i+n; j++ {
				h = fnvByte(fnvString(h, words[j]), 0)
			}
			dst = append(dst, h%f.Dim)
		}
	}
	for _, cn := range f.CharN {
		seed := fnvByte(fnvByte(fnvOffset, 'c'), byte(cn))
		for _, w := range words {
			if len(w)+2 < cn {
				continue
			}
			for i := 0; i+cn <= len(w)+2; i++ {
				h := seed
				for j := i; j < i+cn; j++ {
					switch {
					case j == 0:
						h = fnvByte(h, '<')
					case j == len(w)+1:
						h = fnvByte(h, '>')
					default:
						h = fnvByte(h, w[j-1])
					}
				}
				dst = append(dst, h%f.Dim)
			}
		}
	}
	return dst
}

// Model is a trained hashed n-gram logistic regression.
type Model struct {
	Name       string
	Featurizer Featurizer
	Weights    []float32
	Bias       float32
}

// Score returns the probability of the positive class for text.
func (m *Model) Score(text string) float64 {
	if z, n, ok := m.sum(text); ok {
		return m.logistic(z, n)
	}
	var buf [1024]uint32
	feats := m.Featurizer.Features(text, buf[:0])
	return m.scoreFeatures(feats)
}

func (m *Model) scoreFeatures(feats []uint32) float64 {
	if len(feats) == 0 {
		return sigmoid(float64(m.Bias))
	}
	var z float64
	for _, f := range feats {
		z += float64(m.Weights[f])
	}
	// Features are averaged so that long and short texts score alike.
	z = z/math.Sqrt(float64(len(feats))) + float64(m.Bias)
	return sigmoid(z)
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// Reprior rescales a probability p learned under balanced classes to a
// deployment where the positive class has prior odds r: p' = p r / (p r +
// 1 - p). It is monotonic, so rankings (AUROC) do not change.
func Reprior(p, r float64) float64 {
	if p <= 0 {
		return 0
	}
	return p * r / (p*r + 1 - p)
}

const magic = "FLMODEL1"

// MarshalBinary encodes the model in a small, stable little-endian format.
func (m *Model) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(magic)
	writeString(&b, m.Name)
	binary.Write(&b, binary.LittleEndian, m.Featurizer.Dim)
	binary.Write(&b, binary.LittleEndian, uint32(m.Featurizer.WordN))
	binary.Write(&b, binary.LittleEndian, uint32(m.Featurizer.MaxChars))
	binary.Write(&b, binary.LittleEndian, uint32(len(m.Featurizer.CharN)))
	for _, c := range m.Featurizer.CharN {
		binary.Write(&b, binary.LittleEndian, uint32(c))
	}
	binary.Write(&b, binary.LittleEndian, m.Bias)
	if uint32(len(m.Weights)) != m.Featurizer.Dim {
		return nil, fmt.Errorf("model %s: %d weights for dimension %d", m.Name, len(m.Weights), m.Featurizer.Dim)
	}
	binary.Write(&b, binary.LittleEndian, m.Weights)
	return b.Bytes(), nil
}

// UnmarshalBinary decodes a model written by MarshalBinary.
func (m *Model) UnmarshalBinary(data []byte) error {
	r := bytes.NewReader(data)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(r, head); err != nil || string(head) != magic {
		return errors.New("not a faultline model file (bad magic)")
	}
	name, err := readString(r)
	if err != nil {
		return fmt.Errorf("model name: %w", err)
	}
	var dim, wordN, maxChars, nChar uint32
	for _, p := range []*uint32{&dim, &wordN, &maxChars, &nChar} {
		if err := binary.Read(r, binary.LittleEndian, p); err != nil {
			return fmt.Errorf("model %s header: %w", name, err)
		}
	}
	if dim == 0 || dim > 1<<24 || nChar > 8 || wordN > 8 {
		return fmt.Errorf("model %s: implausible header (dim %d, word_n %d, %d char sizes)", name, dim, wordN, nChar)
	}
	f := Featurizer{Dim: dim, WordN: int(wordN), MaxChars: int(maxChars)}
	for range nChar {
		var c uint32
		if err := binary.Read(r, binary.LittleEndian, &c); err != nil {
			return fmt.Errorf("model %s header: %w", name, err)
		}
		f.CharN = append(f.CharN, int(c))
	}
	var bias float32
	if err := binary.Read(r, binary.LittleEndian, &bias); err != nil {
		return fmt.Errorf("model %s bias: %w", name, err)
	}
	if r.Len() != int(dim)*4 {
		return fmt.Errorf("model %s: %d bytes of weights, want %d", name, r.Len(), dim*4)
	}
	w := make([]float32, dim)
	if err := binary.Read(r, binary.LittleEndian, w); err != nil {
		return fmt.Errorf("model %s weights: %w", name, err)
	}
	*m = Model{Name: name, Featurizer: f, Weights: w, Bias: bias}
	return nil
}

func writeString(b *bytes.Buffer, s string) {
	binary.Write(b, binary.LittleEndian, uint32(len(s)))
	b.WriteString(s)
}

func readString(r *bytes.Reader) (string, error) {
	var n uint32
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
		return "", err
	}
	if int(n) > r.Len() || n > 1<<10 {
		return "", errors.New("bad string length")
	}
	b := make([]byte, n)
	_, err := io.ReadFull(r, b)
	return string(b), err
}

// Set is a read-only collection of models by name.
type Set struct {
	models map[string]*Model
}

// NewSet returns a set of the given models.
func NewSet(models ...*Model) *Set {
	s := &Set{models: map[string]*Model{}}
	for _, m := range models {
		s.models[m.Name] = m
	}
	return s
}

// Get returns the named model.
func (s *Set) Get(name string) (*Model, bool) {
	if s == nil {
		return nil, false
	}
	m, ok := s.models[name]
	return m, ok
}

// Names returns the model names, sorted.
func (s *Set) Names() []string {
	if s == nil {
		return nil
	}
	var out []string
	for n := range s.models {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// With returns a copy of s where m replaces the model of the same name.
func (s *Set) With(m *Model) *Set {
	out := &Set{models: map[string]*Model{}}
	if s != nil {
		for k, v := range s.models {
			out.models[k] = v
		}
	}
	out.models[m.Name] = m
	return out
}
