package ui

import (
	"strings"
	"testing"
)

func TestCursorReadsEverySeriesAtItsStep(t *testing.T) {
	m := settle(t, send(t, testModel(t, 160, 48), manyMetrics(400)...))
	m = send(t, m, press("left"))
	screen := plain(m)
	for _, want := range []string{": raw ", "eval_loss ", "learning_rate 3.0e-4", "grad_norm ", "eval_accuracy "} {
		if !strings.Contains(screen, want) {
			t.Errorf("the cursor's readout lacks %q:\n%s", want, screen)
		}
	}
}

func TestGridShowsEveryMetricAndFiltersByRegularExpression(t *testing.T) {
	m := settle(t, send(t, testModel(t, 200, 60), manyMetrics(400)...))
	m = send(t, m, press("m"))
	screen := plain(m)
	for _, want := range []string{"metrics  7 of 7", "loss", "learning_rate", "grad_norm", "eval_accuracy ↑", "metrics/mAP_0.5 ↑", "eval_bleu ↑"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the grid lacks %q:\n%s", want, screen)
		}
	}
	m = send(t, m, press("/"), press("loss$"), enterKey)
	if got := m.grid.shown; len(got) != 2 || got[0] != "loss" || got[1] != "eval_loss" {
		t.Errorf("filter loss$ shows %v, want loss and eval_loss", got)
	}
	m = send(t, m, press("right"), enterKey)
	if m.grid.on || m.metric() != "eval_loss" {
		t.Fatalf("enter did not enlarge eval_loss: grid %v, metric %s", m.grid.on, m.metric())
	}
	m = send(t, m, press("esc"))
	if !m.grid.on {
		t.Error("esc from an enlarged metric did not come back to the grid")
	}
	m = send(t, m, press("esc"), press("esc"))
	if m.grid.on || len(m.grid.shown) != 2 && m.grid.filter.text != "" {
		t.Errorf("esc twice: grid %v, filter %q", m.grid.on, m.grid.filter.text)
	}
}

func TestGridBestIsTheHighestWhenHigherIsBetter(t *testing.T) {
	m := settle(t, send(t, testModel(t, 200, 60), manyMetrics(400)...))
	best, ok := m.bestOf("eval_accuracy")
	if !ok || best < 0.9 {
		t.Errorf("best accuracy %g (%v), want its highest, above 0.9", best, ok)
	}
	if low, _ := m.bestOf("loss"); low > 0.2 {
		t.Errorf("best loss %g, want its lowest", low)
	}
}

func TestHigherIsBetterNames(t *testing.T) {
	for name, want := range map[string]bool{
		"accuracy": true, "val_acc": true, "eval_accuracy": true, "metrics/mAP_0.5": true, "metrics/mAP_0.5:0.95": true,
		"map50": true, "bleu": true, "eval_f1": true, "top1": true, "metrics/precision": true, "rouge2": true,
		"loss": false, "val_loss": false, "acc_loss": false, "lr": false, "grad_norm": false, "epoch": false,
		"train/box_loss": false, "mapping_time": false, "apex": false,
	} {
		if got := higherIsBetter(name); got != want {
			t.Errorf("higherIsBetter(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestSlashOnTheChartFiltersTheMetrics(t *testing.T) {
	m := settle(t, send(t, testModel(t, 200, 60), manyMetrics(400)...))
	m = send(t, m, press("/"), burst("grad"), enterKey)
	if !m.grid.on || len(m.grid.shown) != 1 || m.grid.shown[0] != "grad_norm" {
		t.Errorf("/grad on the chart: grid %v showing %v, want grad_norm alone", m.grid.on, m.grid.shown)
	}
}
