// Reads a DMN file with dmn-moddle and evaluates its decisions with feelin, case by case.
//
//   node tests/rules/dmn_eval.mjs MODEL.dmn INPUTS.json
//
// INPUTS.json: [{"case": {...}, "as_of": "YYYY-MM-DD"}, ...]. Prints one JSON document:
// {"warnings": [...dmn-moddle warnings...], "results": [{"case_id", "decisions": {name: value},
// "feel_warnings": [...]}]}. Exit code 3 when dmn-moddle reports any warning, 4 on a FEEL
// warning, so that nothing is silently read as null. The decision table is evaluated with its
// hit policy (FIRST: the first rule whose input entries all hold, in table order).
import { readFileSync } from 'node:fs';
import { DmnModdle } from 'dmn-moddle';
import { evaluate, unaryTest } from 'feelin';

const [modelPath, inputsPath] = process.argv.slice(2);
const moddle = new DmnModdle();
const { rootElement: definitions, warnings } = await moddle.fromXML(
  readFileSync(modelPath, 'utf8'), 'dmn:Definitions'
);
const report = { warnings: warnings.map((w) => String(w.message || w)), results: [] };

const decisions = new Map();
for (const element of definitions.drgElement) {
  if (element.$type === 'dmn:Decision') decisions.set(element.id, element);
}

function required(decision) {
  return (decision.informationRequirement || [])
    .map((r) => r.requiredDecision && r.requiredDecision.href.slice(1))
    .filter(Boolean);
}

function evaluateCase(input) {
  const context = { case: input.case, as_of: input.as_of };
  const values = {};
  const feelWarnings = [];
  const note = (where, expression, found) => {
    for (const w of found) feelWarnings.push(`${where}: ${expression}: ${w.message}`);
  };
  const done = new Set();
  const visit = (id) => {
    if (done.has(id)) return;
    const decision = decisions.get(id);
    for (const dependency of required(decision)) visit(dependency);
    const expression = decision.decisionLogic;
    let value;
    if (expression.$type === 'dmn:LiteralExpression') {
      const result = evaluate(expression.text, context);
      note(decision.name, expression.text, result.warnings);
      value = result.value;
    } else if (expression.$type === 'dmn:DecisionTable') {
      if (expression.hitPolicy !== 'FIRST') throw new Error(`unexpected hit policy ${expression.hitPolicy}`);
      const inputs = expression.input.map((column) => {
        const result = evaluate(column.inputExpression.text, context);
        note(decision.name, column.inputExpression.text, result.warnings);
        return result.value;
      });
      value = null;
      for (const rule of expression.rule) {
        const holds = rule.inputEntry.every((entry, index) => {
          const result = unaryTest(entry.text, { ...context, '?': inputs[index] });
          note(decision.name, entry.text, result.warnings);
          return result.value === true;
        });
        if (holds) {
          const result = evaluate(rule.outputEntry[0].text, context);
          note(decision.name, rule.outputEntry[0].text, result.warnings);
          value = result.value;
          break;
        }
      }
    } else {
      throw new Error(`unexpected decision logic ${expression.$type}`);
    }
    context[decision.name] = value;
    values[decision.name] = value;
    done.add(id);
  };
  for (const id of decisions.keys()) visit(id);
  return { case_id: input.case.case_id, as_of: input.as_of, decisions: values, feel_warnings: feelWarnings };
}

function evaluateAll() {
  const inputs = JSON.parse(readFileSync(inputsPath, 'utf8'));
  report.results = inputs.map(evaluateCase);
  process.stdout.write(JSON.stringify(report));
  process.exitCode = report.results.some((r) => r.feel_warnings.length) ? 4 : 0;
}

if (warnings.length) {
  // exitCode, not exit(): the whole report must reach the pipe first.
  process.stdout.write(JSON.stringify(report));
  process.exitCode = 3;
} else {
  evaluateAll();
}
