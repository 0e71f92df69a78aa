export { AccessModule } from './access.module';
export { UserService } from './user.service';
export { AuthService } from './auth.service';
export { CurrentActor, Public, Roles } from './auth.decorators';
export { ExportThrottle } from './throttle';
export { hashPassword } from './password';
export { CreateUserDto, type UserDto } from './dto/user.dto';
