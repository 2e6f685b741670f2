// hardcoded-region: replace the region literal with `process.env.AWS_REGION`, which Lambda and ECS
// set to the region the code runs in. Not safe: the client then follows the deployment's region,
// which is the point but changes behaviour (and locally needs the variable set). In TypeScript, a
// literal that initialises a variable declared `: string` gets `as string`, so the file still
// type-checks.
import { defineFix } from '../fix';
import { tsApi } from '../sources/cdk/tsapi';
import { nodesAt, openCode, replaceNode } from './code';
import { fileFix } from './common';

const REPLACEMENT = 'process.env.AWS_REGION';

export default defineFix({
  ruleId: 'hardcoded-region',
  provide(ctx) {
    const ts = tsApi();
    const region = ctx.finding.data?.region;
    const code = openCode(ctx);
    if (!code || typeof region !== 'string') return [];
    const chain = nodesAt(code, ctx.finding);
    const literal = chain[chain.length - 1];
    if (!(ts.isStringLiteral(literal) || ts.isNoSubstitutionTemplateLiteral(literal)) || literal.text !== region) return [];
    const parent = chain[chain.length - 2];
    const typed = /\.tsx?$/i.test(ctx.finding.file) && parent && ts.isVariableDeclaration(parent) && parent.type !== undefined;
    const title = `Use ${REPLACEMENT} instead of '${region}'`;
    return fileFix(title, ctx.finding.file, [replaceNode(code, literal, typed ? `${REPLACEMENT} as string` : REPLACEMENT)], false, true);
  },
});
