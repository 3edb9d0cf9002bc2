package dev.datamgmt.augment;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import java.io.IOException;

/** Maps operations to their {@code "op"} names and back through {@link OpRegistry}, so user operations work too. */
final class OpTypeIdResolver extends TypeIdResolverBase {
  private JavaType baseType;

  @Override
  public void init(JavaType bt) {
    this.baseType = bt;
  }

  @Override
  public String idFromValue(Object value) {
    return idFromValueAndType(value, value.getClass());
  }

  @Override
  public String idFromValueAndType(Object value, Class<?> suggestedType) {
    String name = OpRegistry.nameOf(suggestedType);
    if (name == null) {
      throw new IllegalArgumentException("operation type " + suggestedType.getName()
          + " has no JSON name: register it with OpRegistry.register(name, type)");
    }
    return name;
  }

  @Override
  public JavaType typeFromId(DatabindContext context, String id) throws IOException {
    Class<? extends Op> type = OpRegistry.typeOf(id);
    if (type == null) {
      if (context instanceof DeserializationContext dc) {
        throw dc.invalidTypeIdException(baseType, id,
            "unknown operation; user operations must be registered with OpRegistry.register or an OpProvider");
      }
      throw new IllegalArgumentException("unknown operation '" + id + "'");
    }
    return context.constructType(type);
  }

  @Override
  public JsonTypeInfo.Id getMechanism() {
    return JsonTypeInfo.Id.CUSTOM;
  }
}
