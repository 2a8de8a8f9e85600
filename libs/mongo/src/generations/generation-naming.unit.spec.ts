import { generationCollection, generationGroupId, generationOfCollection, generationOfGroup } from './generation-naming';

describe('generation naming', () => {
  it('keeps the plain names for generation 0 and suffixes later ones', () => {
    expect(generationCollection('catalogue', 0)).toBe('catalogue');
    expect(generationCollection('catalogue', 3)).toBe('catalogue__g3');
    expect(generationGroupId('sp.catalogue', 0)).toBe('sp.catalogue');
    expect(generationGroupId('sp.catalogue', 3)).toBe('sp.catalogue.g3');
  });

  it('reads the generation back, and only from names of the same base', () => {
    expect(generationOfCollection('alerts', 'alerts__g12')).toBe(12);
    expect(generationOfCollection('alerts', 'alerts')).toBe(0);
    expect(generationOfCollection('alerts', 'alert_orders__g2')).toBeNull();
    expect(generationOfGroup('sp.alerts', 'sp.alerts.g4')).toBe(4);
    expect(generationOfGroup('sp.alerts', 'sp.alerts.gx')).toBeNull();
    expect(generationOfGroup('sp.alerts', 'other.alerts.g4')).toBeNull();
  });
});
