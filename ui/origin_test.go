package ui

import (
	"testing"

	"github.com/losswatch/losswatch/detect"
)

func TestChartPositionsOfStepsBeyond2To53AreExact(t *testing.T) {
	var near xOrigin
	if x := near.x(detect.IntStep(1200)); x != 1200 || near.far() || near.label(x) != "1,200" {
		t.Errorf("an ordinary run is charted at %v, labelled %q; want its steps as they are", x, near.label(x))
	}
	var far xOrigin
	first := detect.IntStep(1<<53 + 1) // float64 reads it as 2^53
	x := far.x(first)
	if x != 254_740_993 || far.label(x) != "9,007,199,254,740,993" || far.text(x) != "9007199254740993" {
		t.Errorf("2^53+1 is charted at %v, labelled %q (%q)", x, far.label(x), far.text(x))
	}
	if x2 := far.x(first.Add(1)); x2-x != 1 || far.label(x2) != "9,007,199,254,740,994" {
		t.Errorf("the next step is charted %v later, labelled %q", x2-x, far.label(x2))
	}
	if far.label(1000) != "9,007,199,000,001,000" {
		t.Errorf("a tick 1,000 after the origin reads %q, want a round step", far.label(1000))
	}
}

func TestTheRunsOfASweepShareTheirChartOrigin(t *testing.T) {
	s := NewSweep("sweeps/lr", nil, nil)
	a, b := s.run("a.jsonl"), s.run("b.jsonl")
	a.m.data.origin.x(detect.IntStep(1<<53 + 1))
	if b.m.data.origin != a.m.data.origin || b.m.data.origin.pos(detect.IntStep(1<<53+5)) != 254_740_997 {
		t.Error("two runs of a sweep place the same step at different x: their overlay would not line up")
	}
}
