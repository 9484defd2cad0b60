package detect

import (
	"fmt"
	"strconv"
)

// The entries of the remedy catalogue, each with its snippets per framework.

func (x remedyContext) lowerLR(factor float64, why string) Remedy {
	if factor > 1 {
		factor = 1 / factor
	}
	desc, v := x.lrChange(factor)
	return Remedy{ID: "lower-lr", Title: "Lower the learning rate: " + desc, Why: why, Snippet: x.lrSnippet(v)}
}

func (x remedyContext) raiseLR(factor float64, why string) Remedy {
	desc, v := x.lrChange(factor)
	return Remedy{ID: "raise-lr", Title: "Raise the learning rate: " + desc, Why: why, Snippet: x.lrSnippet(v)}
}

func (x remedyContext) lrSnippet(v string) string {
	// The learning rate is set on the optimizer the run already has, so the
	// snippet fits whatever optimizer that is (switching optimizers is a
	// remedy of its own).
	return snippets{
		torch:     fmt.Sprintf("for g in optimizer.param_groups: g[\"lr\"] = %s", v),
		keras:     fmt.Sprintf("model.optimizer.learning_rate.assign(%s)", v),
		hf:        fmt.Sprintf("TrainingArguments(..., learning_rate=%s)", v),
		lightning: fmt.Sprintf("for g in self.trainer.optimizers[0].param_groups: g[\"lr\"] = %s", v),
	}.pick(x.framework)
}

func (x remedyContext) checkpoint(step float64, why string) Remedy {
	s := strconv.FormatFloat(step, 'f', -1, 64) // a file name: not grouped
	return Remedy{ID: "restart-checkpoint", Title: "Restart from the checkpoint before step " + stepStr(x.f.SinceStep) + " (best at step " + stepStr(step) + ")",
		Why: why, Snippet: snippets{
			torch:     fmt.Sprintf("model.load_state_dict(torch.load(\"ckpt_%s.pt\"))", s),
			keras:     fmt.Sprintf("model.load_weights(\"ckpt_%s.weights.h5\")", s),
			hf:        fmt.Sprintf("trainer.train(resume_from_checkpoint=\"checkpoint-%s\")", s),
			lightning: fmt.Sprintf("trainer.fit(model, ckpt_path=\"epoch=N-step=%s.ckpt\")", s),
		}.pick(x.framework)}
}

// The remedies whose text does not depend on the log's numbers, by ID.
const (
	remClip       = "clip-gradients"
	remEarlyStop  = "early-stopping"
	remRegularise = "regularise"
	remShuffle    = "shuffle"
	remAdam       = "momentum-adam"
	remMoreEpochs = "train-longer"
	remReinit     = "reinit-weights"
	remLeaky      = "leaky-relu"
	remWider      = "more-hidden-units"
)

// fixed returns the remedy id with why it fits this run and its snippet for
// the log's framework.
func (x remedyContext) fixed(id, why string) Remedy {
	title, sn := fixedRemedy(id)
	return Remedy{ID: id, Title: title, Why: why, Snippet: sn.pick(x.framework)}
}

// fixedRemedy is the catalogue of those remedies: title and snippets.
func fixedRemedy(id string) (string, snippets) {
	switch id {
	case remClip:
		return "Clip the gradient norm to 1.0", snippets{
			torch:     "torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)  # after loss.backward(), before optimizer.step()",
			keras:     "keras.optimizers.Adam(learning_rate=lr, clipnorm=1.0)",
			hf:        "TrainingArguments(..., max_grad_norm=1.0)",
			lightning: "Trainer(gradient_clip_val=1.0)",
		}
	case remEarlyStop:
		return "Stop early and keep the best weights", snippets{
			torch: "if val_loss < best - 1e-4:\n    best, bad = val_loss, 0\n    torch.save(model.state_dict(), \"best.pt\")\nelse:\n    bad += 1\n    if bad >= 5:\n        break",
			keras: "keras.callbacks.EarlyStopping(monitor=\"val_loss\", patience=5, restore_best_weights=True)",
			hf: "TrainingArguments(..., eval_strategy=\"epoch\", save_strategy=\"epoch\", load_best_model_at_end=True, metric_for_best_model=\"eval_loss\")\n" +
				"Trainer(..., callbacks=[EarlyStoppingCallback(early_stopping_patience=5)])",
			lightning: "Trainer(callbacks=[EarlyStopping(monitor=\"val_loss\", patience=5), ModelCheckpoint(monitor=\"val_loss\")])",
		}
	case remRegularise:
		return "Regularise: weight decay and dropout", snippets{
			torch:     "optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)\nnn.Dropout(p=0.2)  # between hidden layers",
			keras:     "layers.Dense(64, activation=\"relu\", kernel_regularizer=keras.regularizers.l2(1e-4))\nlayers.Dropout(0.2)",
			hf:        "TrainingArguments(..., weight_decay=0.01)",
			lightning: "torch.optim.AdamW(self.parameters(), lr=lr, weight_decay=0.01)",
		}
	case remShuffle:
		return "Shuffle the training data every epoch", snippets{
			torch: "DataLoader(train_set, batch_size=batch_size, shuffle=True)",
			keras: "model.fit(x, y, shuffle=True)",
			hf:    "train_dataset = train_dataset.shuffle(seed=42)  # Trainer shuffles map-style datasets; check a custom sampler or IterableDataset",
		}
	case remAdam:
		return "Use momentum or Adam", snippets{
			torch: "optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)  # or torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)",
			keras: "keras.optimizers.Adam(learning_rate=1e-3)  # or keras.optimizers.SGD(learning_rate=lr, momentum=0.9)",
			hf:    "TrainingArguments(..., optim=\"adamw_torch\")",
		}
	case remMoreEpochs:
		return "Train longer", snippets{
			torch:     "for epoch in range(num_epochs * 2):",
			keras:     "model.fit(x, y, epochs=2 * epochs)",
			hf:        "TrainingArguments(..., num_train_epochs=2 * num_train_epochs)",
			lightning: "Trainer(max_epochs=2 * max_epochs)",
		}
	case remReinit:
		return "Re-initialise the weights: He for ReLU, Xavier/Glorot for tanh or sigmoid", snippets{
			torch: "for m in model.modules():\n    if isinstance(m, nn.Linear):\n        nn.init.kaiming_normal_(m.weight, nonlinearity=\"relu\")  # nn.init.xavier_uniform_(m.weight) for tanh/sigmoid\n        nn.init.zeros_(m.bias)",
			keras: "layers.Dense(64, activation=\"relu\", kernel_initializer=\"he_normal\")  # \"glorot_uniform\" for tanh/sigmoid",
		}
	case remLeaky:
		return "Use LeakyReLU instead of ReLU", snippets{
			torch: "nn.LeakyReLU(negative_slope=0.01)",
			keras: "layers.LeakyReLU(negative_slope=0.01)",
		}
	case remWider:
		return "Give the network more hidden units", snippets{
			torch: "nn.Sequential(nn.Linear(n_in, 128), nn.ReLU(), nn.Linear(128, n_out))",
			keras: "layers.Dense(128, activation=\"relu\")",
		}
	}
	return "", snippets{}
}
