package detect

import "testing"

func TestRoleOfParserNames(t *testing.T) {
	tests := []struct {
		name string
		want Role
	}{
		{"loss", RoleTrainLoss},
		{"train_loss", RoleTrainLoss},
		{"train/loss", RoleTrainLoss},
		{"total_loss", RoleTrainLoss},
		{"loss_step", RoleTrainLoss},
		{"train_loss_step", RoleTrainLoss},
		{"trl", RoleTrainLoss},
		{"train_loss_scale", RoleOther},
		{"loss_scale", RoleOther},
		{"train/box_loss", RoleTrainLoss},
		{"train/cls_loss", RoleTrainLoss},
		{"eval_loss", RoleValLoss},
		{"val_loss", RoleValLoss},
		{"valid loss", RoleValLoss},
		{"validation/loss", RoleValLoss},
		{"test_loss", RoleValLoss},
		{"tel", RoleValLoss},
		{"val/box_loss", RoleValLoss},
		{"eval_train_loss", RoleOther},
		{"learning_rate", RoleLearningRate},
		{"lr", RoleLearningRate},
		{"lr/pg0", RoleLearningRate},
		{"x/lr0", RoleLearningRate},
		{"lr-Adam", RoleLearningRate},
		{"grad_norm", RoleGradNorm},
		{"gnorm", RoleGradNorm},
		{"gradient_norm", RoleGradNorm},
		{"total_norm", RoleGradNorm},
		{"accuracy", RoleOther},
		{"kl_loss", RoleOther},
		{"epoch", RoleOther},
		// the names of text logs of other tools: Megatron-LM's fields of
		// words, LightGBM's data sets, XGBoost's, MXNet's cross-entropy
		{"grad norm", RoleGradNorm},
		{"learning rate", RoleLearningRate},
		{"val lm loss", RoleValLoss},
		{"val lm PPL", RoleOther},
		{"training's binary_logloss", RoleTrainLoss},
		{"valid_1's binary_logloss", RoleValLoss},
		{"eval-logloss", RoleValLoss},
		{"val_cross-entropy", RoleValLoss},
	}
	for _, tc := range tests {
		if got := RoleOf(tc.name); got != tc.want {
			t.Errorf("RoleOf(%q) = %s, want %s", tc.name, got, tc.want)
		}
	}
}

// TestCrossEntropyIsALoss: MXNet logs its training loss as "cross-entropy".
func TestCrossEntropyIsALoss(t *testing.T) {
	for _, name := range []string{"cross-entropy", "cross_entropy", "xent", "CrossEntropy"} {
		if !LossLike(name) {
			t.Errorf("LossLike(%q) = false", name)
		}
	}
	for _, name := range []string{"entropy", "cross", "cross_val_acc"} {
		if LossLike(name) {
			t.Errorf("LossLike(%q) = true", name)
		}
	}
}

func TestPrimaryPrefersFirstPartialTrainLoss(t *testing.T) {
	tr := New()
	for _, m := range []string{"epoch", "train/box_loss", "train/cls_loss", "val/box_loss", "lr/pg0"} {
		tr.Observe(m, 1, 1)
	}
	if p := tr.State().Primary; p != "train/box_loss" {
		t.Errorf("primary %q, want train/box_loss", p)
	}
	if tr.val == nil || tr.val.name != "val/box_loss" {
		t.Errorf("validation metric %v, want val/box_loss", tr.val)
	}
	tr = New()
	tr.Observe("kl_loss", 1, 1)
	tr.Observe("accuracy", 1, 1)
	if p := tr.State().Primary; p != "kl_loss" {
		t.Errorf("primary %q, want the first loss-like metric", p)
	}
}
