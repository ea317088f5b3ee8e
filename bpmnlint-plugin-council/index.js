// The council's own bpmnlint rules, switched on together by `plugin:council/recommended` in .bpmnlintrc.
module.exports = {
  configs: {
    recommended: {
      rules: {
        'unique-names': 'error',
        'merge-naming': 'error',
        'gateway-question': 'error',
        documented: 'error',
        'no-flow-through-shape': 'error',
        'no-overlapping-labels': 'error',
        'no-crossing-flows': 'error',
        'no-overlapping-flows': 'error',
        'no-broken-words': 'error',
        'no-name-under-marker': 'error',
        'diagram-width': 'error',
        'lanes-match-groups': 'error',
      },
    },
  },
};
