package detect

// fixedRemedy is the catalogue of the remedies whose text does not depend
// on the log's numbers: title and snippets.
func fixedRemedy(id string) (string, snippets) {
	if title, sn := trainingRemedy(id); title != "" {
		return title, sn
	}
	return modelRemedy(id)
}

// trainingRemedy holds the remedies that change how the model is trained.
func trainingRemedy(id string) (string, snippets) {
	switch id {
	case remClip:
		return "Clip the gradient norm to 1.0", snippets{
			torch:      "torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)  # after loss.backward(), before optimizer.step()",
			keras:      "keras.optimizers.Adam(learning_rate=lr, clipnorm=1.0)",
			hf:         "TrainingArguments(..., max_grad_norm=1.0)",
			lightning:  "Trainer(gradient_clip_val=1.0)",
			nanogpt:    "grad_clip = 1.0  # nanoGPT's config",
			detectron2: "cfg.SOLVER.CLIP_GRADIENTS.ENABLED = True\ncfg.SOLVER.CLIP_GRADIENTS.CLIP_TYPE = \"norm\"\ncfg.SOLVER.CLIP_GRADIENTS.CLIP_VALUE = 1.0",
			mmdet:      "optimizer_config = dict(grad_clip=dict(max_norm=1.0, norm_type=2))",
			fairseq:    "--clip-norm 1.0",
		}
	case remRegularise:
		return "Regularise: weight decay and dropout", snippets{
			torch:      "optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)\nnn.Dropout(p=0.2)  # between hidden layers",
			keras:      "layers.Dense(64, activation=\"relu\", kernel_regularizer=keras.regularizers.l2(1e-4))\nlayers.Dropout(0.2)",
			hf:         "TrainingArguments(..., weight_decay=0.01)",
			lightning:  "torch.optim.AdamW(self.parameters(), lr=lr, weight_decay=0.01)",
			nanogpt:    "dropout = 0.1; weight_decay = 1e-1  # nanoGPT's config",
			detectron2: "cfg.SOLVER.WEIGHT_DECAY *= 2  # and stronger augmentation: cfg.INPUT.MIN_SIZE_TRAIN with several sizes, RandomFlip",
			mmdet:      "optimizer = dict(weight_decay=1e-4)  # merged into the config's optimizer; and stronger augmentation in train_pipeline",
			yolo:       "model.train(data=..., weight_decay=0.001, mosaic=1.0, mixup=0.1)  # stronger augmentation",
			fairseq:    "--weight-decay 0.01 --dropout 0.1",
		}
	case remShuffle:
		return "Shuffle the training data every epoch", snippets{
			torch: "DataLoader(train_set, batch_size=batch_size, shuffle=True)",
			keras: "model.fit(x, y, shuffle=True)",
			hf:    "train_dataset = train_dataset.shuffle(seed=42)  # Trainer shuffles map-style datasets; check a custom sampler or IterableDataset",
		}
	case remMoreEpochs:
		return "Train longer", snippets{
			torch:      "for epoch in range(num_epochs * 2):",
			keras:      "model.fit(x, y, epochs=2 * epochs)",
			hf:         "TrainingArguments(..., num_train_epochs=2 * num_train_epochs)",
			lightning:  "Trainer(max_epochs=2 * max_epochs)",
			nanogpt:    "max_iters = lr_decay_iters = 2 * max_iters  # nanoGPT's config",
			detectron2: "cfg.SOLVER.MAX_ITER *= 2  # and scale cfg.SOLVER.STEPS with it",
			yolo:       "model.train(data=..., epochs=2 * epochs)",
			fairseq:    "--max-update $((2 * MAX_UPDATE))",
		}
	}
	return "", snippets{}
}

// modelRemedy holds the remedies that change the model: its weights, its
// activations, its size.
func modelRemedy(id string) (string, snippets) {
	switch id {
	case remReinit:
		return "Re-initialise the weights: He for ReLU, Xavier/Glorot for tanh or sigmoid", snippets{
			torch: "for m in model.modules():\n    if isinstance(m, (nn.Linear, nn.Conv2d)):\n        nn.init.kaiming_normal_(m.weight, nonlinearity=\"relu\")  # nn.init.xavier_uniform_(m.weight) for tanh/sigmoid\n        nn.init.zeros_(m.bias)",
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
	case remWarmup:
		return "Warm the learning rate up over the first steps", snippets{
			torch:      "scheduler = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=0.01, total_iters=warmup_steps)",
			keras:      "keras.optimizers.schedules.CosineDecay(0.0, decay_steps, warmup_target=lr, warmup_steps=warmup_steps)",
			hf:         "TrainingArguments(..., warmup_ratio=0.1)",
			nanogpt:    "warmup_iters = max_iters // 20  # nanoGPT's config",
			detectron2: "cfg.SOLVER.WARMUP_ITERS = cfg.SOLVER.MAX_ITER // 20",
			yolo:       "model.train(data=..., warmup_epochs=3)",
			fairseq:    "--lr-scheduler inverse_sqrt --warmup-updates 4000",
		}
	case remBF16:
		return "Train in bfloat16 instead of float16", snippets{
			torch:   "with torch.autocast(\"cuda\", dtype=torch.bfloat16):  # no GradScaler needed",
			hf:      "TrainingArguments(..., bf16=True, fp16=False)",
			nanogpt: "dtype = \"bfloat16\"  # nanoGPT's config",
			fairseq: "--bf16  # instead of --fp16",
		}
	case remPretrained:
		return "Start from pretrained weights", snippets{
			torch:      "torchvision.models.detection.fasterrcnn_resnet50_fpn(weights=\"DEFAULT\")",
			detectron2: "cfg.MODEL.WEIGHTS = model_zoo.get_checkpoint_url(config_name)  # the COCO-trained weights of your config",
			yolo:       "model = YOLO(\"yolov8n.pt\")  # pretrained weights, not yolov8n.yaml; YOLOv5's train.py: --weights yolov5s.pt",
		}
	}
	return "", snippets{}
}
