import { declaredOrder } from './declared-order';

describe('declaredOrder', () => {
  it('should give the position of the value in the declared list', () => {
    expect(declaredOrder('c.priority', ['low', 'normal', 'high', 'urgent'])).toBe("array_position(ARRAY['low','normal','high','urgent']::text[], c.priority)");
  });

  it.each([[["it's"]], [['a b']], [['Open']], [[]]])('should refuse %j, which it could not splice safely', (values) => {
    expect(() => declaredOrder('c.status', values)).toThrow(/cannot be spliced/);
  });
});
