using Memflux.Numerics;

namespace Memflux.TestSupport.Models;

/// <summary>A model written as an exporter writes it, with a generator of valid inputs for it.</summary>
/// <param name="Name">Names the model in messages.</param>
/// <param name="Bytes">The ONNX model.</param>
/// <param name="Inputs">Valid inputs by graph input name, from a seed.</param>
public sealed record ExportedModel(string Name, byte[] Bytes, Func<int, Dictionary<string, Tensor>> Inputs);

/// <summary>
/// Small models with the graph structure real exporters write for the architectures users bring (issue 13): op for op
/// what torch.onnx writes for a Hugging Face BERT and GPT-2, a ViT, MobileNetV3 and a U-Net, at reduced widths so that
/// tests run in seconds. Weights are seeded and random.
/// </summary>
public static class ExportedModels
{
    /// <summary>
    /// A BERT encoder as torch.onnx exports Hugging Face's BertModel (opset 14): token, position and type embedding
    /// Gathers; the extended attention mask from Unsqueeze/Cast/Sub/Mul; LayerNorm decomposed into
    /// ReduceMean/Sub/Pow/Sqrt/Div; heads split by a Shape/Gather/Concat/Reshape chain and Transpose; GELU via Erf; the
    /// pooler as Gather of the first token, Gemm and Tanh. Inputs input_ids, attention_mask, token_type_ids (int64 [B, S]).
    /// </summary>
    public static ExportedModel Bert(int batch = 2, int sequence = 8, int layers = 2, int hidden = 32, int heads = 4, int ffn = 64, int vocab = 100, int seed = 1)
    {
        var w = new ModelWriter(14, seed);
        var b = w.Builder;
        b.Input("input_ids", [batch, sequence], DataType.Int64).Input("attention_mask", [batch, sequence], DataType.Int64).Input("token_type_ids", [batch, sequence], DataType.Int64);

        // Embeddings; position ids are a slice of a registered buffer up to the sequence length, as in Hugging Face.
        string words = w.Op("Gather", [w.Weight("embeddings.word_embeddings.weight", [vocab, hidden], 0.5f), "input_ids"]);
        string length = w.Unsqueeze(w.Op("Gather", [w.Op("Shape", ["input_ids"]), w.Constant("one", Tensor.FromInt64([1], TensorShape.Scalar))], ("axis", 0L)), 0);
        string positionIds = w.Op("Slice", [w.Constant("position_ids", Tensor.FromInt64([.. Enumerable.Range(0, 64).Select(i => (long)i)], new TensorShape(1, 64))), w.Ints(0), length, w.Ints(1)]);
        string positions = w.Op("Gather", [w.Weight("embeddings.position_embeddings.weight", [64, hidden], 0.5f), positionIds]);
        string types = w.Op("Gather", [w.Weight("embeddings.token_type_embeddings.weight", [2, hidden], 0.5f), "token_type_ids"]);
        string x = w.DecomposedLayerNorm(w.Op("Add", [w.Op("Add", [words, types]), positions]), hidden, "embeddings.LayerNorm");

        // Extended attention mask: (1 − mask[:, None, None, :]) · −10000.
        string mask = w.Op("Cast", [w.Unsqueeze("attention_mask", 1, 2)], ("to", 1L));
        string additive = w.Op("Mul", [w.Op("Sub", [w.Scalar(1f), mask]), w.Scalar(-10000f)]);

        int headSize = hidden / heads;
        for (int l = 0; l < layers; l++)
        {
            string p = $"encoder.layer.{l}";
            string q = SplitHeads(w, w.Linear(x, hidden, hidden, p + ".attention.self.query"), heads, headSize, [0, 2, 1, 3]);
            string k = SplitHeads(w, w.Linear(x, hidden, hidden, p + ".attention.self.key"), heads, headSize, [0, 2, 3, 1]);
            string v = SplitHeads(w, w.Linear(x, hidden, hidden, p + ".attention.self.value"), heads, headSize, [0, 2, 1, 3]);
            string scores = w.Op("Add", [w.Op("Div", [w.Op("MatMul", [q, k]), w.Scalar(MathF.Sqrt(headSize))]), additive]);
            string context = w.Op("MatMul", [w.Op("Softmax", [scores], ("axis", -1L)), v]);
            context = MergeHeads(w, w.Op("Transpose", [context], ("perm", new long[] { 0, 2, 1, 3 })), hidden);
            x = w.DecomposedLayerNorm(w.Op("Add", [w.Linear(context, hidden, hidden, p + ".attention.output.dense"), x]), hidden, p + ".attention.output.LayerNorm");
            string h = w.ErfGelu(w.Linear(x, hidden, ffn, p + ".intermediate.dense"));
            x = w.DecomposedLayerNorm(w.Op("Add", [w.Linear(h, ffn, hidden, p + ".output.dense"), x]), hidden, p + ".output.LayerNorm");
        }

        string first = w.Op("Gather", [x, w.Constant("zero", Tensor.FromInt64([0], TensorShape.Scalar))], ("axis", 1L));
        float scale = 1f / MathF.Sqrt(hidden);
        string pooled = w.Op("Tanh", [w.Op("Gemm", [first, w.Weight("pooler.dense.weight", [hidden, hidden], scale), w.Weight("pooler.dense.bias", [hidden], scale)], ("alpha", 1f), ("beta", 1f), ("transB", 1L))]);
        b.Node("Identity", [x], ["last_hidden_state"]).Node("Identity", [pooled], ["pooler_output"]).Output("last_hidden_state").Output("pooler_output");
        return new ExportedModel("bert", w.Build(), s => new Dictionary<string, Tensor>
        {
            ["input_ids"] = RandomTensors.UniformInt64(s, [batch, sequence], 0, vocab - 1),
            ["attention_mask"] = Mask(batch, sequence),
            ["token_type_ids"] = RandomTensors.UniformInt64(s + 1, [batch, sequence], 0, 1),
        });
    }

    /// <summary>
    /// A GPT-2 decoder (opset 14) as torch.onnx exports Hugging Face's GPT2Model with its tied LM head: positions from
    /// Range over the sequence length taken with Shape/Gather; c_attn as one MatMul split into q, k, v by Split; a causal
    /// mask from Trilu over ones, applied with Where; GELU in its tanh form with Pow. Input input_ids (int64 [B, S]).
    /// </summary>
    public static ExportedModel Gpt2(int batch = 2, int sequence = 8, int layers = 2, int hidden = 32, int heads = 4, int vocab = 100, int seed = 2)
    {
        var w = new ModelWriter(14, seed);
        w.Builder.Input("input_ids", [batch, sequence], DataType.Int64);
        string wte = w.Weight("wte.weight", [vocab, hidden], 0.5f);
        string length = w.Op("Gather", [w.Op("Shape", ["input_ids"]), w.Constant("one", Tensor.FromInt64([1], TensorShape.Scalar))], ("axis", 0L));
        string positionIds = w.Unsqueeze(w.Op("Range", [w.Constant("start", Tensor.FromInt64([0], TensorShape.Scalar)), length, w.Constant("delta", Tensor.FromInt64([1], TensorShape.Scalar))]), 0);
        string x = w.Op("Add", [w.Op("Gather", [wte, "input_ids"]), w.Op("Gather", [w.Weight("wpe.weight", [64, hidden], 0.5f), positionIds])]);

        // The causal mask: lower triangle of ones, as bool.
        var ones = new float[sequence * sequence];
        Array.Fill(ones, 1f);
        string causal = w.Op("Cast", [w.Op("Trilu", [w.Constant("ones", Tensor.FromFloat32(ones, new TensorShape(1, 1, sequence, sequence)))], ("upper", 0L))], ("to", 9L));
        string minimum = w.Scalar(-3.4028235e38f);

        int headSize = hidden / heads;
        for (int l = 0; l < layers; l++)
        {
            string p = $"h.{l}";
            string attnIn = w.DecomposedLayerNorm(x, hidden, p + ".ln_1", 1e-5f);
            string[] qkv = w.Ops("Split", [w.Linear(attnIn, hidden, 3 * hidden, p + ".attn.c_attn"), w.Ints(hidden, hidden, hidden)], 3, ("axis", 2L));
            string q = SplitHeads(w, qkv[0], heads, headSize, [0, 2, 1, 3]);
            string k = SplitHeads(w, qkv[1], heads, headSize, [0, 2, 3, 1]);
            string v = SplitHeads(w, qkv[2], heads, headSize, [0, 2, 1, 3]);
            string scores = w.Op("Div", [w.Op("MatMul", [q, k]), w.Scalar(MathF.Sqrt(headSize))]);
            scores = w.Op("Where", [causal, scores, minimum]);
            string context = w.Op("MatMul", [w.Op("Softmax", [scores], ("axis", -1L)), v]);
            context = MergeHeads(w, w.Op("Transpose", [context], ("perm", new long[] { 0, 2, 1, 3 })), hidden);
            x = w.Op("Add", [w.Linear(context, hidden, hidden, p + ".attn.c_proj"), x]);
            string mlpIn = w.DecomposedLayerNorm(x, hidden, p + ".ln_2", 1e-5f);
            x = w.Op("Add", [w.Linear(w.TanhGelu(w.Linear(mlpIn, hidden, 4 * hidden, p + ".mlp.c_fc")), 4 * hidden, hidden, p + ".mlp.c_proj"), x]);
        }

        x = w.DecomposedLayerNorm(x, hidden, "ln_f", 1e-5f);
        string logits = w.Op("MatMul", [x, w.Op("Transpose", [wte], ("perm", new long[] { 1, 0 }))]);
        w.Builder.Node("Identity", [logits], ["logits"]).Output("logits");
        return new ExportedModel("gpt2", w.Build(), s => new Dictionary<string, Tensor> { ["input_ids"] = RandomTensors.UniformInt64(s, [batch, sequence], 0, vocab - 1) });
    }

    /// <summary>
    /// A Vision Transformer (opset 17): patch embedding as a strided Conv, Reshape and Transpose to tokens, the class
    /// token Expand-ed over the batch and Concat-ed, position embeddings added, encoder blocks with the
    /// LayerNormalization op and attention as Einsum, GELU via Erf, the class token's features through LayerNorm and a
    /// Gemm head. Input pixel_values (fp32 [B, 3, 32, 32]).
    /// </summary>
    public static ExportedModel Vit(int batch = 2, int image = 32, int patch = 8, int layers = 2, int hidden = 32, int heads = 4, int classes = 10, int seed = 3)
    {
        var w = new ModelWriter(17, seed);
        w.Builder.Input("pixel_values", [batch, 3, image, image]);
        int tokens = (image / patch) * (image / patch), headSize = hidden / heads;
        string patches = w.Op("Conv", ["pixel_values", w.Weight("patch.weight", [hidden, 3, patch, patch], 0.1f), w.Weight("patch.bias", [hidden], 0.1f)],
            ("kernel_shape", new long[] { patch, patch }), ("strides", new long[] { patch, patch }));
        string sequence = w.Op("Transpose", [w.Op("Reshape", [patches, w.Ints(batch, hidden, tokens)])], ("perm", new long[] { 0, 2, 1 }));
        string cls = w.Op("Expand", [w.Weight("cls_token", [1, 1, hidden], 0.5f), w.Ints(batch, 1, hidden)]);
        string x = w.Op("Add", [w.Op("Concat", [cls, sequence], ("axis", 1L)), w.Weight("position_embeddings", [1, tokens + 1, hidden], 0.5f)]);
        for (int l = 0; l < layers; l++)
        {
            string p = $"encoder.layer.{l}";
            string n = LayerNorm(w, x, hidden, p + ".layernorm_before");
            string q = w.Op("Reshape", [w.Linear(n, hidden, hidden, p + ".query"), w.Ints(batch, tokens + 1, heads, headSize)]);
            string k = w.Op("Reshape", [w.Linear(n, hidden, hidden, p + ".key"), w.Ints(batch, tokens + 1, heads, headSize)]);
            string v = w.Op("Reshape", [w.Linear(n, hidden, hidden, p + ".value"), w.Ints(batch, tokens + 1, heads, headSize)]);
            string scores = w.Op("Mul", [w.Op("Einsum", [q, k], ("equation", "bihd,bjhd->bhij")), w.Scalar(1f / MathF.Sqrt(headSize))]);
            string context = w.Op("Einsum", [w.Op("Softmax", [scores], ("axis", -1L)), v], ("equation", "bhij,bjhd->bihd"));
            context = w.Op("Reshape", [context, w.Ints(batch, tokens + 1, hidden)]);
            x = w.Op("Add", [w.Linear(context, hidden, hidden, p + ".output"), x]);
            string m = LayerNorm(w, x, hidden, p + ".layernorm_after");
            x = w.Op("Add", [w.Linear(w.ErfGelu(w.Linear(m, hidden, 2 * hidden, p + ".intermediate")), 2 * hidden, hidden, p + ".mlp_out"), x]);
        }

        string first = LayerNorm(w, w.Op("Gather", [x, w.Constant("zero", Tensor.FromInt64([0], TensorShape.Scalar))], ("axis", 1L)), hidden, "layernorm");
        float scale = 1f / MathF.Sqrt(hidden);
        w.Builder.Node("Gemm", [first, w.Weight("classifier.weight", [classes, hidden], scale), w.Weight("classifier.bias", [classes], scale)], ["logits"], ("transB", 1L)).Output("logits");
        return new ExportedModel("vit", w.Build(), s => new Dictionary<string, Tensor> { ["pixel_values"] = RandomTensors.Uniform(s, [batch, 3, image, image]) });
    }

    /// <summary>
    /// A MobileNetV3-Small-like network (opset 14, the first with HardSwish): Conv + BatchNormalization + HardSwish stem, inverted residual blocks
    /// with depthwise Convs (group = channels), squeeze-excite as ReduceMean → Conv → Relu → Conv → HardSigmoid → Mul,
    /// residual Adds, then GlobalAveragePool, Flatten and Gemm/HardSwish/Gemm. Input input (fp32 [B, 3, 32, 32]).
    /// </summary>
    public static ExportedModel MobileNetV3(int batch = 2, int image = 32, int classes = 10, int seed = 4)
    {
        var w = new ModelWriter(14, seed);
        w.Builder.Input("input", [batch, 3, image, image]);
        string x = Conv(w, "input", 3, 16, 3, 2, "features.0.0");
        x = w.Op("BatchNormalization", [x, w.Filled("bn.weight", [16], 1f), w.Weight("bn.bias", [16], 0.1f), w.Weight("bn.mean", [16], 0.1f), w.Filled("bn.var", [16], 1.5f)], ("epsilon", 1e-3f));
        x = w.Op("HardSwish", [x]);
        int channels = 16;
        foreach (var (expand, outChannels, stride, se, hardSwish) in new[] { (16, 16, 2, true, false), (48, 24, 2, false, false), (72, 24, 1, false, true), (96, 40, 2, true, true) })
        {
            string name = $"block{outChannels}_{stride}";
            string h = Activation(w, Conv(w, x, channels, expand, 1, 1, name + ".expand"), hardSwish);
            h = Activation(w, Conv(w, h, expand, expand, 3, stride, name + ".depthwise", group: expand), hardSwish);
            if (se)
            {
                string squeezed = w.Op("ReduceMean", [h], ("axes", new long[] { 2, 3 }), ("keepdims", 1L));
                string scale = w.Op("Relu", [Conv(w, squeezed, expand, expand / 4, 1, 1, name + ".se.fc1")]);
                scale = w.Op("HardSigmoid", [Conv(w, scale, expand / 4, expand, 1, 1, name + ".se.fc2")], ("alpha", 1f / 6), ("beta", 0.5f));
                h = w.Op("Mul", [scale, h]);
            }

            h = Conv(w, h, expand, outChannels, 1, 1, name + ".project");
            x = stride == 1 && channels == outChannels ? w.Op("Add", [h, x]) : h;
            channels = outChannels;
        }

        x = w.Op("HardSwish", [Conv(w, x, channels, 96, 1, 1, "features.last")]);
        x = w.Op("Flatten", [w.Op("GlobalAveragePool", [x])], ("axis", 1L));
        x = w.Op("HardSwish", [w.Op("Gemm", [x, w.Weight("classifier.0.weight", [64, 96], 0.1f), w.Weight("classifier.0.bias", [64], 0.1f)], ("transB", 1L))]);
        w.Builder.Node("Gemm", [x, w.Weight("classifier.3.weight", [classes, 64], 0.1f), w.Weight("classifier.3.bias", [classes], 0.1f)], ["logits"], ("transB", 1L)).Output("logits");
        return new ExportedModel("mobilenetv3", w.Build(), s => new Dictionary<string, Tensor> { ["input"] = RandomTensors.Uniform(s, [batch, 3, image, image]) });
    }

    /// <summary>
    /// A two-level U-Net (opset 13): Conv + Relu pairs, MaxPool down, ConvTranspose (kernel 2, stride 2) up at one
    /// level and Resize (bilinear, half_pixel, scales) + Conv at the other, skip connections by Concat, a 1×1 Conv and
    /// Sigmoid head. Input image (fp32 [B, 3, 32, 32]).
    /// </summary>
    public static ExportedModel UNet(int batch = 1, int image = 32, int width = 8, int seed = 5)
    {
        var w = new ModelWriter(13, seed);
        w.Builder.Input("image", [batch, 3, image, image]);
        string Block(string x, int inputs, int outputs, string name) =>
            w.Op("Relu", [Conv(w, w.Op("Relu", [Conv(w, x, inputs, outputs, 3, 1, name + ".conv1")]), outputs, outputs, 3, 1, name + ".conv2")]);
        string Pool(string x) => w.Op("MaxPool", [x], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }));

        string e1 = Block("image", 3, width, "enc1");
        string e2 = Block(Pool(e1), width, 2 * width, "enc2");
        string bottom = Block(Pool(e2), 2 * width, 4 * width, "bottleneck");
        string up2 = w.Op("ConvTranspose", [bottom, w.Weight("up2.weight", [4 * width, 2 * width, 2, 2], 0.2f), w.Weight("up2.bias", [2 * width], 0.1f)],
            ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }));
        string d2 = Block(w.Op("Concat", [up2, e2], ("axis", 1L)), 4 * width, 2 * width, "dec2");
        string resized = w.Op("Resize", [d2, "", w.Constant("scales", Tensor.FromFloat32([1f, 1f, 2f, 2f], new TensorShape(4)))],
            ("mode", "linear"), ("coordinate_transformation_mode", "half_pixel"));
        string up1 = Conv(w, resized, 2 * width, width, 3, 1, "up1");
        string d1 = Block(w.Op("Concat", [up1, e1], ("axis", 1L)), 2 * width, width, "dec1");
        w.Builder.Node("Sigmoid", [Conv(w, d1, width, 1, 1, 1, "head")], ["mask"]).Output("mask");
        return new ExportedModel("unet", w.Build(), s => new Dictionary<string, Tensor> { ["image"] = RandomTensors.Uniform(s, [batch, 3, image, image]) });
    }

    /// <summary>The five models, for tests that run each.</summary>
    public static IReadOnlyList<ExportedModel> All() => [Bert(), Gpt2(), Vit(), MobileNetV3(), UNet()];

    /// <summary>[B, S, H] → [B, heads, S, d] (or the key's [B, heads, d, S]) through the Shape/Gather/Concat/Reshape chain PyTorch writes.</summary>
    private static string SplitHeads(ModelWriter w, string x, int heads, int headSize, long[] perm)
    {
        string leading = w.Op("Slice", [w.Op("Shape", [x]), w.Ints(0), w.Ints(2), w.Ints(0)]);
        string shape = w.Op("Concat", [leading, w.Ints(heads, headSize)], ("axis", 0L));
        return w.Op("Transpose", [w.Op("Reshape", [x, shape])], ("perm", perm));
    }

    /// <summary>[B, S, heads, d] → [B, S, H] with the shape computed from the input's.</summary>
    private static string MergeHeads(ModelWriter w, string x, int hidden)
    {
        string leading = w.Op("Slice", [w.Op("Shape", [x]), w.Ints(0), w.Ints(2), w.Ints(0)]);
        return w.Op("Reshape", [x, w.Op("Concat", [leading, w.Ints(hidden)], ("axis", 0L))]);
    }

    private static string LayerNorm(ModelWriter w, string x, int width, string name) =>
        w.Op("LayerNormalization", [x, w.Filled(name + ".weight", [width], 1f), w.Weight(name + ".bias", [width], 0.1f)], ("axis", -1L), ("epsilon", 1e-12f));

    private static string Conv(ModelWriter w, string x, int inputs, int outputs, int kernel, int stride, string name, int group = 1)
    {
        float scale = 1f / MathF.Sqrt(inputs / group * kernel * kernel);
        return w.Op("Conv", [x, w.Weight(name + ".weight", [outputs, inputs / group, kernel, kernel], scale), w.Weight(name + ".bias", [outputs], scale)],
            ("kernel_shape", new long[] { kernel, kernel }), ("strides", new long[] { stride, stride }), ("pads", new long[] { kernel / 2, kernel / 2, kernel / 2, kernel / 2 }), ("group", (long)group));
    }

    private static string Activation(ModelWriter w, string x, bool hardSwish) => w.Op(hardSwish ? "HardSwish" : "Relu", [x]);

    /// <summary>An attention mask with the last two positions of the second row padded out, as a real batch has.</summary>
    private static Tensor Mask(int batch, int sequence)
    {
        var mask = new long[batch * sequence];
        Array.Fill(mask, 1L);
        for (int s = Math.Max(0, sequence - 2); s < sequence && batch > 1; s++)
        {
            mask[sequence + s] = 0;
        }

        return Tensor.FromInt64(mask, new TensorShape(batch, sequence));
    }
}
