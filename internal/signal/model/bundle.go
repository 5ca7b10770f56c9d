package model

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// builtinBundle is the embedded model bundle written by `faultline train`.
// It is empty until the first model is trained.
//
//go:embed weights/builtin.flm
var builtinBundle []byte

// BuiltinPath is where `faultline train` writes the bundle that is embedded,
// relative to the repository root.
const BuiltinPath = "internal/signal/model/weights/builtin.flm"

const bundleMagic = "FLBUNDL1"

// Builtin returns the embedded models.
func Builtin() (*Set, error) {
	s, err := ReadBundle(builtinBundle)
	if err != nil {
		return nil, fmt.Errorf("embedded models: %w", err)
	}
	return s, nil
}

// WriteBundle encodes models, in the given order, as one bundle.
func WriteBundle(w io.Writer, models []*Model) error {
	var b bytes.Buffer
	b.WriteString(bundleMagic)
	binary.Write(&b, binary.LittleEndian, uint32(len(models)))
	for _, m := range models {
		data, err := m.MarshalBinary()
		if err != nil {
			return err
		}
		binary.Write(&b, binary.LittleEndian, uint32(len(data)))
		b.Write(data)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// ReadBundle decodes a bundle; an empty input is an empty set.
func ReadBundle(data []byte) (*Set, error) {
	if len(data) == 0 {
		return NewSet(), nil
	}
	r := bytes.NewReader(data)
	head := make([]byte, len(bundleMagic))
	if _, err := io.ReadFull(r, head); err != nil || string(head) != bundleMagic {
		return nil, errors.New("not a faultline model bundle (bad magic)")
	}
	var n uint32
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil || n > 64 {
		return nil, errors.New("bad model count")
	}
	var models []*Model
	for i := range n {
		var size uint32
		if err := binary.Read(r, binary.LittleEndian, &size); err != nil || int(size) > r.Len() {
			return nil, fmt.Errorf("model %d: bad size", i)
		}
		data := make([]byte, size)
		io.ReadFull(r, data)
		m := new(Model)
		if err := m.UnmarshalBinary(data); err != nil {
			return nil, fmt.Errorf("model %d: %w", i, err)
		}
		models = append(models, m)
	}
	if r.Len() != 0 {
		return nil, fmt.Errorf("%d trailing bytes after %d models", r.Len(), n)
	}
	return NewSet(models...), nil
}
