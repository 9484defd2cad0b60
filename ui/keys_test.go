package ui

import (
	"reflect"
	"testing"

	"github.com/charmbracelet/bubbles/key"
)

// TestKeyTableFillsEveryBindingOnce: the table is the only place keys are
// defined, so a KeyMap field it misses would be a dead key, and two rows on
// one field would shadow each other.
func TestKeyTableFillsEveryBindingOnce(t *testing.T) {
	k := DefaultKeyMap()
	v := reflect.ValueOf(k)
	for i := 0; i < v.NumField(); i++ {
		b := v.Field(i).Interface().(key.Binding)
		if len(b.Keys()) == 0 {
			t.Errorf("%s has no keys", v.Type().Field(i).Name)
		}
	}
	seen := map[*key.Binding]bool{}
	for _, d := range keyTable() {
		p := d.binding(&k)
		if seen[p] {
			t.Errorf("two rows bind %v", d.keys)
		}
		seen[p] = true
		if (d.group == groupNone) != (d.long == "") {
			t.Errorf("%v: on the help screen (group %v) but wording %q", d.keys, d.group, d.long)
		}
	}
	if len(seen) != v.NumField() {
		t.Errorf("%d rows for %d bindings", len(seen), v.NumField())
	}
}
