import {
  ApexErrorListener,
  ApexLexer,
  ApexParserFactory,
  type ClassDeclarationContext,
  type ModifierContext,
} from '@apexdevtools/apex-parser';

/**
 * What the checks need from an Apex class: syntax errors (line:column, from @apexdevtools/apex-parser),
 * and an outline of the declared classes, methods (with annotations and static-ness), fields, and the
 * string literals (for `callout:` endpoints and route templates).
 */
export interface ApexMethod {
  name: string;
  isStatic: boolean;
  /** Annotation text as written, e.g. `@AuraEnabled(cacheable=true)`. */
  annotations: string[];
}

export interface ApexClassOutline {
  name: string;
  methods: ApexMethod[];
  fields: string[];
  innerClasses: ApexClassOutline[];
}

export interface ApexSource {
  errors: string[];
  outline: ApexClassOutline | null;
  strings: string[];
}

class CollectingListener extends ApexErrorListener {
  errors: string[] = [];
  apexSyntaxError(line: number, column: number, msg: string): void {
    this.errors.push(`line ${line}:${column} ${msg.length > 160 ? `${msg.slice(0, 160)}…` : msg}`);
  }
}

function annotationsOf(modifiers: ModifierContext[]): { annotations: string[]; isStatic: boolean } {
  return {
    annotations: modifiers.filter((m) => m.annotation()).map((m) => m.getText()),
    isStatic: modifiers.some((m) => m.STATIC()),
  };
}

function outlineOf(declaration: ClassDeclarationContext): ApexClassOutline {
  const outline: ApexClassOutline = { name: declaration.id().getText(), methods: [], fields: [], innerClasses: [] };
  for (const body of declaration.classBody().classBodyDeclaration_list()) {
    const member = body.memberDeclaration();
    if (!member) continue;
    const { annotations, isStatic } = annotationsOf(body.modifier_list());
    const method = member.methodDeclaration();
    const field = member.fieldDeclaration();
    const property = member.propertyDeclaration();
    const inner = member.classDeclaration();
    if (method) outline.methods.push({ name: method.id().getText(), isStatic, annotations });
    else if (field) outline.fields.push(...field.variableDeclarators().variableDeclarator_list().map((v) => v.id().getText()));
    else if (property) outline.fields.push(property.id().getText());
    else if (inner) outline.innerClasses.push(outlineOf(inner));
  }
  return outline;
}

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, '$1');
}

export function readApex(source: string): ApexSource {
  const listener = new CollectingListener();
  const lexer = ApexParserFactory.createLexer(source);
  lexer.removeErrorListeners();
  lexer.addErrorListener(listener);
  const tokens = ApexParserFactory.createTokenStream(lexer);
  const parser = ApexParserFactory.createParser(tokens);
  parser.removeErrorListeners();
  parser.addErrorListener(listener);
  const unit = parser.compilationUnit();
  const declaration = unit.typeDeclaration()?.classDeclaration();
  const strings = tokens.tokens.filter((t) => t.type === ApexLexer.StringLiteral).map((t) => unquote(t.text));
  return {
    errors: listener.errors,
    outline: listener.errors.length === 0 && declaration ? outlineOf(declaration) : null,
    strings,
  };
}

/** True for `@AuraEnabled` in any spelling Apex accepts (annotations are case-insensitive). */
export function auraEnabled(method: ApexMethod): { enabled: boolean; cacheable: boolean } {
  const annotation = method.annotations.find((a) => /^@auraenabled\b/i.test(a));
  return { enabled: annotation !== undefined, cacheable: annotation !== undefined && /cacheable\s*=\s*true/i.test(annotation) };
}
