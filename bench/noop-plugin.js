// A resource plugin that does nothing, the floor of the plugin door's previews in
// bench/plugin-door.ts: check returns the inputs, diff compares instanceType, create and update
// echo the inputs; no AWS call. Built into an executable the same way as the real plugin
// (scripts/release/bundle.ts, sea.ts), so that both start alike.
const { main } = require("@pulumi/pulumi/provider");

main(
  {
    version: "0.0.1",
    async check(_urn, _olds, news) {
      return { inputs: news };
    },
    async diff(_id, _urn, olds, news) {
      return { changes: olds.instanceType !== news.instanceType };
    },
    async create(_urn, inputs) {
      return { id: String(inputs.name), outs: inputs };
    },
    async update(_id, _urn, _olds, news) {
      return { outs: news };
    },
    async delete() {},
  },
  process.argv.slice(2),
);
