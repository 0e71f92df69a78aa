import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, f, filterSpec, parseListQuery, RawListQuery, ROLES, UuidParam, withContentRange } from '@kaytuu/shared';
import { CurrentActor, Roles } from './auth.decorators';
import { CreateUserDto, UpdateUserDto, UserDto } from './dto/user.dto';
import { USER_SORTABLE, UserFilter } from './user.repository';
import { UserService } from './user.service';

const parseFilter = filterSpec<UserFilter>({
  q: f.string(),
  role: f.someOf(ROLES),
  officeId: f.uuid(),
  organizationId: f.uuid(),
  active: f.boolean(),
  id: f.uuids(),
});

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UserController {
  constructor(private readonly users: UserService) {}

  @Get()
  async list(
    @CurrentActor() actor: Actor,
    @Query() raw: RawListQuery,
    @Res({ passthrough: true }) res: { setHeader(n: string, v: string): void },
  ): Promise<UserDto[]> {
    const q = parseListQuery(raw, { sortable: USER_SORTABLE, defaultSort: { field: 'fullName', order: 'ASC' }, parseFilter });
    return withContentRange(res, 'users', q, await this.users.listUsers(actor, q));
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<UserDto> {
    return this.users.getUser(actor, p.id);
  }

  @Roles('admin')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.createUser(actor, dto);
  }

  @Roles('admin')
  @Put(':id')
  update(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.users.updateUser(actor, p.id, dto);
  }

  @Roles('admin')
  @Delete(':id')
  deactivate(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<UserDto> {
    return this.users.deactivateUser(actor, p.id);
  }
}
